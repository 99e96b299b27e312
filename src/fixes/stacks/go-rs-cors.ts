// Go with github.com/rs/cors: cors.Options{AllowedOrigins, AllowedMethods, AllowedHeaders,
// ExposedHeaders, AllowCredentials, MaxAge}.
import { composeFix, preflightRejected } from "../compose";
import { planFrom } from "../plan";
import { goString } from "../quote";
import { goErrorPageEvidence } from "../go-detect";
import type { StackFixer } from "../types";

const slice = (values: readonly string[]): string => `[]string{${values.map(goString).join(", ")}}`;

export const goRsCors: StackFixer = {
  id: "go-rs-cors",
  label: "Go (rs/cors)",
  detect: goErrorPageEvidence,
  render(context) {
    const plan = planFrom(context);
    const fields = [
      // An empty AllowedOrigins means every origin to rs/cors: with none to list, refuse them all.
      plan.origins.length > 0 ? `\tAllowedOrigins:   ${slice(plan.origins)},` : "\tAllowOriginFunc:  func(string) bool { return false },",
      `\tAllowedMethods:   ${slice(plan.methods)},`,
      `\tAllowedHeaders:   ${slice(plan.requestHeaders)},`,
      plan.exposeHeaders.length > 0 ? `\tExposedHeaders:   ${slice(plan.exposeHeaders)},` : undefined,
      `\tAllowCredentials: ${plan.credentials ? "true" : "false"},`,
      `\tMaxAge:           ${plan.maxAge},`,
    ].filter((line) => line !== undefined);
    const snippet = [
      'import "github.com/rs/cors"',
      "",
      "// Wrap the outermost handler, outside authentication middleware.",
      "c := cors.New(cors.Options{",
      ...fields,
      "})",
      "handler := c.Handler(mux)",
    ].join("\n");
    return composeFix(this, plan, {
      language: "go",
      snippet,
      where: "main.go, where the server's root handler is built; pass `handler` to http.ListenAndServe.",
      why: "rs/cors answers the preflight itself and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "c.Handler must wrap the authentication middleware, not the other way round.",
        "Entries like \"https://*\" in AllowedOrigins are wildcards: with AllowCredentials they allow every site.",
      ],
    });
  },
};
