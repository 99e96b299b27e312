// NestJS: app.enableCors(options) takes the `cors` options (Express adapter) or @fastify/cors
// options (Fastify adapter); the names used here are the same in both.
import { composeFix, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";
import { corsPackageOptions } from "../js-cors-options";

export const nestjs: StackFixer = {
  id: "nestjs",
  label: "NestJS (enableCors)",
  detect: (headers) => headerEvidence(headers, "x-powered-by", /nest/i),
  render(context) {
    const plan = planFrom(context);
    const options = corsPackageOptions(plan);
    const snippet = [
      "// main.ts, right after NestFactory.create(AppModule) and before app.listen():",
      "app.enableCors({",
      ...options,
      "});",
    ].join("\n");
    return composeFix(this, plan, {
      language: "ts",
      snippet,
      where: "src/main.ts, right after `const app = await NestFactory.create(AppModule)`.",
      why: "enableCors registers the adapter's CORS middleware ahead of guards, so the preflight is answered before authentication; a listed origin is echoed with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "A global middleware applied with app.use() before enableCors(), or a proxy in front, answered the preflight: call enableCors first. Guards do not run for the preflight once enableCors is on.",
        "Do not pass origin: true with credentials: it reflects every origin.",
      ],
    });
  },
};
