// The option object shared by the `cors` package, @fastify/cors and NestJS's enableCors (which
// passes it to one of those two): same names, same meaning.
import { list } from "./compose";
import type { CorsPlan } from "./plan";
import { jsString } from "./quote";

/** The object's lines, two-space indented, without braces. */
export function corsPackageOptions(plan: CorsPlan): string[] {
  return [
    `  origin: ${list([plan.origin], jsString)},`,
    `  methods: ${list(plan.methods, jsString)},`,
    `  allowedHeaders: ${list(plan.requestHeaders, jsString)},`,
    plan.exposeHeaders.length > 0 ? `  exposedHeaders: ${list(plan.exposeHeaders, jsString)},` : undefined,
    plan.credentials ? "  credentials: true," : undefined,
    `  maxAge: ${plan.maxAge},`,
  ].filter((line) => line !== undefined);
}
