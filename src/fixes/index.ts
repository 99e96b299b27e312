// The fix library: every stack registered once, stack detection, and the fixes for a failure.
// Registry order is specificity order: application frameworks first, then web servers and proxies,
// then hosted services, so the most specific detected stack comes first.
import type { CorsErrorCode, FixRequirements, HeaderList } from "../engine/types";
import { removalAdvice, type LayerDetection } from "./layers";
import type { ServerPolicy } from "./policy";
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

/**
 * A fix for every stack, filled with this request's values; the stacks its response headers name
 * first. This is the one place fixes are ordered: the UI shows them as given.
 */
export function buildFixes(context: FixContext): Fix[] {
  const detected = new Set(detectStacks(context.responseHeaders).map((detection) => detection.stack));
  const ordered = [
    ...STACKS.filter((stack) => detected.has(stack.id)),
    ...STACKS.filter((stack) => !detected.has(stack.id)),
  ];
  return ordered.map((stack) => stack.render(context));
}

export interface PolicyFixOptions {
  /** Stacks the server's responses name, most specific first. */
  readonly detected: readonly string[];
  /** A proxy in front of an app: the owning layer's fix comes first, the other says how to remove its headers. */
  readonly layers?: LayerDetection;
  /** One blocked request's requirements (its preflight status and code pick the traps shown). */
  readonly requirements: FixRequirements;
  readonly code?: CorsErrorCode;
}

/** A fix for every stack from a server's policy: the layer that should own CORS first, then detected stacks. */
export function buildFixesForPolicy(policy: ServerPolicy, options: PolicyFixOptions): Fix[] {
  const owner = options.layers?.owner;
  const rank = (stack: StackFixer): number => {
    if (stack.id === owner) return 0;
    const index = options.detected.indexOf(stack.id);
    return index < 0 ? options.detected.length + 1 : index + 1;
  };
  const ordered = STACKS.map((stack, index) => ({ stack, index })).sort((a, b) => rank(a.stack) - rank(b.stack) || a.index - b.index);
  const context: FixContext = { requirements: options.requirements, responseHeaders: [], policy, ...(options.code ? { code: options.code } : {}) };
  const layers = options.layers;
  const layered = layers ? [layers.proxy, layers.app].filter((stack): stack is string => stack !== undefined) : [];
  return ordered.map(({ stack }) => {
    const fix = stack.render(context);
    const extra: string[] = [];
    if (layers && layered.includes(stack.id)) {
      const others = layered.filter((other) => other !== stack.id);
      extra.push(`${layers.advice} ${others.map(removalAdvice).join(" ")}`);
    }
    extra.push(...policy.advisories);
    return extra.length > 0 ? { ...fix, warnings: [...extra, ...fix.warnings] } : fix;
  });
}

export type { Fix, FixContext, FixVariant, StackDetection, StackFixer } from "./types";
