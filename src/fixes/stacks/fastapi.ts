// FastAPI / Starlette CORSMiddleware: allow_origins, allow_methods, allow_headers,
// allow_credentials, expose_headers, max_age, allow_origin_regex.
import { composeFix, list, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { pythonString } from "../quote";
import type { StackFixer } from "../types";

export const fastapi: StackFixer = {
  id: "fastapi",
  label: "FastAPI / Starlette (CORSMiddleware)",
  detect: (headers) => headerEvidence(headers, "server", /uvicorn|hypercorn|granian/i),
  render(context) {
    const plan = planFrom(context);
    const lines = [
      "from fastapi.middleware.cors import CORSMiddleware",
      "",
      "# Add it last: the last middleware added is the outermost, so it answers preflights first.",
      "app.add_middleware(",
      "    CORSMiddleware,",
      `    allow_origins=${list(plan.origins, pythonString)},`,
      `    allow_methods=${list(plan.methods, pythonString)},`,
      `    allow_headers=${list(plan.requestHeaders, pythonString)},`,
      `    allow_credentials=${plan.credentials ? "True" : "False"},`,
      plan.exposeHeaders.length > 0 ? `    expose_headers=${list(plan.exposeHeaders, pythonString)},` : undefined,
      `    max_age=${plan.maxAge},`,
      ")",
      "",
      "",
      "# CORSMiddleware adds Vary: Origin only to answers to a request with an Origin; every answer",
      "# needs it, so that a cache never hands an answer made without Origin to a CORS request.",
      '@app.middleware("http")',
      "async def vary_on_origin(request, call_next):",
      "    response = await call_next(request)",
      '    if "origin" not in response.headers.get("vary", "").lower():',
      '        response.headers.append("Vary", "Origin")',
      "    return response",
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "python",
      snippet: lines.join("\n"),
      where: "The module that creates the FastAPI (or Starlette) app, after every other add_middleware call.",
      why: "CORSMiddleware answers the preflight itself (400 for an unlisted origin, method or header) and echoes a listed origin with Vary: Origin; the small middleware adds Vary: Origin to the answers without Origin too.",
      warnings: [
        preflightRejected(plan) && "An authentication middleware added after CORSMiddleware wraps it and rejects the preflight first: add CORSMiddleware last.",
        "Starlette's default allow_methods is (\"GET\",) only: every other method must be listed.",
        "allow_origins=[\"*\"] with allow_credentials=True makes Starlette echo any origin that sends a cookie: keep the explicit list.",
        "Exceptions that reach ServerErrorMiddleware (500s) are answered outside CORSMiddleware and carry no CORS headers.",
      ],
    });
  },
};
