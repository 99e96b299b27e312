// Fastify with @fastify/cors: origin, methods, allowedHeaders, exposedHeaders, credentials,
// maxAge, hook (default onRequest), strictPreflight.
import { composeFix, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";
import { corsPackageOptions, defaultImport, moduleVariants } from "../js-cors-options";

export const fastify: StackFixer = {
  id: "fastify",
  label: "Fastify (@fastify/cors)",
  detect: (headers) => headerEvidence(headers, "x-powered-by", /fastify/i) ?? headerEvidence(headers, "server", /fastify/i),
  render(context) {
    const plan = planFrom(context);
    const options = corsPackageOptions(plan);
    const cors = defaultImport("cors", "@fastify/cors");
    const { snippet, variants } = moduleVariants((style) => [
      cors[style],
      "",
      "// Registered before auth hooks: its onRequest hook answers the OPTIONS preflight first.",
      // CommonJS has no top-level await; Fastify loads registered plugins in order before listen().
      `${style === "esm" ? "await " : ""}app.register(cors, {`,
      ...options,
      "});",
    ].join("\n"));
    return composeFix(this, plan, {
      language: "js",
      snippet,
      variants,
      where: "Where the Fastify instance is created, before registering authentication plugins/hooks and routes.",
      why: "With an array origin, @fastify/cors sends Access-Control-Allow-Origin only for a listed Origin and adds Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "Authentication registered as an earlier onRequest hook runs before @fastify/cors; register cors first (or keep hook: \"onRequest\" and move auth to preHandler).",
        "strictPreflight (default true) answers 400 to an OPTIONS without Origin/Access-Control-Request-Method, so hand-made curl tests without those headers look like failures.",
        "The default methods are GET,HEAD,POST only: list every other method the API uses.",
        "CommonJS (no top-level await): registered plugins load when the app starts, after hooks added at the root with app.addHook(\"onRequest\", …); an authentication hook there runs before @fastify/cors and answers the preflight 401. Authenticate in preHandler, or register it after cors inside app.after().",
      ],
    });
  },
};
