// Real apps for the server-policy proofs: each JavaScript stack in ES-module and CommonJS style,
// with a CORS block (an existing configuration, or the generated fix pasted in its place), an
// authentication check on writes (Authorization: Bearer t), and three routes the page calls:
// GET /api/items (simple), POST /api/items (JSON + Authorization, preflighted), and
// PUT /api/items/7 (x-request-id + Authorization, preflighted; it echoes x-request-id).
import { join } from "node:path";
import type { ServerSpec } from "./real-servers";
import { TOKEN } from "./real-servers";

export type ModuleStyle = "esm" | "cjs";
export const JS_STACKS = ["express", "fastify", "koa", "hono", "nestjs"] as const;
export type JsStack = (typeof JS_STACKS)[number];

const token = JSON.stringify(TOKEN);

/** The configuration a team already had: the page origin, GET and POST, two headers, credentials. */
export function existingConfig(stack: JsStack, style: ModuleStyle, pageOrigin: string): string {
  const origin = JSON.stringify(pageOrigin);
  const need = (esm: string, cjs: string): string => (style === "esm" ? esm : cjs);
  switch (stack) {
    case "express":
      return [need('import cors from "cors";', 'const cors = require("cors");'), `app.use(cors({ origin: [${origin}], methods: ["GET", "POST"], allowedHeaders: ["content-type", "authorization"], credentials: true }));`].join("\n");
    case "fastify":
      return [
        need('import cors from "@fastify/cors";', 'const cors = require("@fastify/cors");'),
        `${need("await ", "")}app.register(cors, { origin: [${origin}], methods: ["GET", "POST"], allowedHeaders: ["content-type", "authorization"], credentials: true });`,
      ].join("\n");
    case "koa":
      return [
        need('import cors from "@koa/cors";', 'const cors = require("@koa/cors");'),
        `app.use(cors({ origin: (ctx) => (ctx.get("Origin") === ${origin} ? ${origin} : ""), allowMethods: ["GET", "POST"], allowHeaders: ["content-type", "authorization"], credentials: true }));`,
      ].join("\n");
    case "hono":
      return [
        need('import { cors } from "hono/cors";', 'const { cors } = require("hono/cors");'),
        `app.use("*", cors({ origin: [${origin}], allowMethods: ["GET", "POST"], allowHeaders: ["content-type", "authorization"], credentials: true }));`,
      ].join("\n");
    case "nestjs":
      return `app.enableCors({ origin: [${origin}], methods: ["GET", "POST"], allowedHeaders: ["content-type", "authorization"], credentials: true });`;
  }
}

function source(stack: JsStack, style: ModuleStyle, corsBlock: string, port: number): string {
  const imp = (esm: string, cjs: string): string => (style === "esm" ? esm : cjs);
  switch (stack) {
    case "express":
      return `${imp('import express from "express";', 'const express = require("express");')}
const app = express();
${corsBlock}
app.use((req, res, next) => (req.method === "GET" || req.get("authorization") === ${token} ? next() : res.status(401).end()));
app.get("/api/items", (req, res) => res.json({ items: [] }));
app.post("/api/items", express.json(), (req, res) => res.status(201).json({ ok: true }));
app.put("/api/items/7", (req, res) => {
  res.set("x-request-id", req.get("x-request-id") ?? "");
  res.json({ ok: true });
});
app.listen(${port}, "127.0.0.1");
`;
    case "fastify":
      // Authentication in preHandler: it then also works in CommonJS, where plugins load when the
      // app starts (after root hooks added with app.addHook("onRequest")).
      return `${imp('import Fastify from "fastify";', 'const Fastify = require("fastify");')}
const app = Fastify();
${corsBlock}
app.addHook("preHandler", async (request, reply) => {
  if (request.method !== "GET" && request.headers.authorization !== ${token}) return reply.code(401).send();
});
app.get("/api/items", async () => ({ items: [] }));
app.post("/api/items", async (request, reply) => reply.code(201).send({ ok: true }));
app.put("/api/items/7", async (request, reply) => {
  reply.header("x-request-id", request.headers["x-request-id"] ?? "");
  return { ok: true };
});
app.listen({ port: ${port}, host: "127.0.0.1" });
`;
    case "koa":
      return `${imp('import Koa from "koa";', 'const Koa = require("koa");')}
const app = new Koa();
${corsBlock}
app.use(async (ctx, next) => {
  if (ctx.method !== "GET" && ctx.get("authorization") !== ${token}) { ctx.status = 401; return; }
  await next();
});
app.use(async (ctx) => {
  if (ctx.method === "GET" && ctx.path === "/api/items") ctx.body = { items: [] };
  else if (ctx.method === "POST" && ctx.path === "/api/items") { ctx.status = 201; ctx.body = { ok: true }; }
  else if (ctx.method === "PUT" && ctx.path === "/api/items/7") { ctx.set("x-request-id", ctx.get("x-request-id")); ctx.body = { ok: true }; }
});
app.listen(${port}, "127.0.0.1");
`;
    case "hono":
      return `${imp('import { Hono } from "hono";\nimport { serve } from "@hono/node-server";', 'const { Hono } = require("hono");\nconst { serve } = require("@hono/node-server");')}
const app = new Hono();
${corsBlock}
app.use("*", async (c, next) => {
  if (c.req.method !== "GET" && c.req.header("authorization") !== ${token}) return c.body(null, 401);
  await next();
});
app.get("/api/items", (c) => c.json({ items: [] }));
app.post("/api/items", (c) => c.json({ ok: true }, 201));
app.put("/api/items/7", (c) => {
  c.header("x-request-id", c.req.header("x-request-id") ?? "");
  return c.json({ ok: true });
});
serve({ fetch: app.fetch, port: ${port}, hostname: "127.0.0.1" });
`;
    case "nestjs":
      // Decorators applied by hand: plain JavaScript has no decorator syntax.
      return `${imp('import "reflect-metadata";\nimport core from "@nestjs/core";\nimport common from "@nestjs/common";', 'require("reflect-metadata");\nconst core = require("@nestjs/core");\nconst common = require("@nestjs/common");')}
const { NestFactory } = core;
const { Controller, Get, Post, Put, Req, Res, Module } = common;
class Items {
  list() { return { items: [] }; }
  create() { return { ok: true }; }
  update(req, res) { res.set("x-request-id", req.get("x-request-id") ?? ""); return { ok: true }; }
}
const method = (name, decorator) => decorator(Items.prototype, name, Object.getOwnPropertyDescriptor(Items.prototype, name));
method("list", Get("items"));
method("create", Post("items"));
method("update", Put("items/7"));
Req()(Items.prototype, "update", 0);
Res({ passthrough: true })(Items.prototype, "update", 1);
Controller("api")(Items);
class AppModule {}
Module({ controllers: [Items] })(AppModule);
async function main() {
  const app = await NestFactory.create(AppModule, { logger: false });
${corsBlock}
  app.use((req, res, next) => (req.method === "GET" || req.get("authorization") === ${token} ? next() : res.status(401).end()));
  await app.listen(${port}, "127.0.0.1");
}
main();
`;
  }
}

export function jsApp(stack: JsStack, style: ModuleStyle): ServerSpec {
  const file = style === "esm" ? "app.mjs" : "app.cjs";
  return {
    files: (snippet, port) => ({ [file]: source(stack, style, snippet, port) }),
    command: (_port, dir) => [process.execPath, join(dir, file)],
    needs: [],
  };
}
