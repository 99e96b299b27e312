// The fix library: every stack registered once, stack detection, and the fixes for a failure.
// Registry order is specificity order: application frameworks first, then web servers and proxies,
// then hosted services, so the most specific detected stack comes first.
import type { HeaderList } from "../engine/types";
import { apache } from "./stacks/apache";
import { aspnet } from "./stacks/aspnet";
import { awsApiGateway } from "./stacks/aws-api-gateway";
import { awsS3 } from "./stacks/aws-s3";
import { caddy } from "./stacks/caddy";
import { cloudflareWorkers } from "./stacks/cloudflare-workers";
import { django } from "./stacks/django";
import { express } from "./stacks/express";
import { fastapi } from "./stacks/fastapi";
import { fastify } from "./stacks/fastify";
import { flask } from "./stacks/flask";
import { gcs } from "./stacks/gcs";
import { goNetHttp } from "./stacks/go-nethttp";
import { goRsCors } from "./stacks/go-rs-cors";
import { hono } from "./stacks/hono";
import { koa } from "./stacks/koa";
import { laravel } from "./stacks/laravel";
import { nestjs } from "./stacks/nestjs";
import { nextjs } from "./stacks/nextjs";
import { nginx } from "./stacks/nginx";
import { rails } from "./stacks/rails";
import { spring } from "./stacks/spring";
import type { Fix, FixContext, StackDetection, StackFixer } from "./types";

export const STACKS: readonly StackFixer[] = [
  express,
  fastify,
  koa,
  hono,
  nestjs,
  nextjs,
  django,
  flask,
  fastapi,
  spring,
  aspnet,
  rails,
  laravel,
  goNetHttp,
  goRsCors,
  nginx,
  apache,
  caddy,
  awsApiGateway,
  awsS3,
  cloudflareWorkers,
  gcs,
];

/** The stacks the response headers point to, most specific first, each with its evidence. */
export function detectStacks(headers: HeaderList): StackDetection[] {
  const detections: StackDetection[] = [];
  for (const stack of STACKS) {
    const evidence = stack.detect(headers);
    if (evidence) detections.push({ stack: stack.id, evidence });
  }
  return detections;
}

/** A fix for every stack, filled with this request's values; detected stacks first. */
export function buildFixes(context: FixContext): Fix[] {
  const detected = new Set(detectStacks(context.responseHeaders).map((detection) => detection.stack));
  const ordered = [
    ...STACKS.filter((stack) => detected.has(stack.id)),
    ...STACKS.filter((stack) => !detected.has(stack.id)),
  ];
  return ordered.map((stack) => stack.render(context));
}

export type { Fix, FixContext, StackDetection, StackFixer } from "./types";
