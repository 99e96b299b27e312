// Go net/http: no built-in CORS, so a small middleware wraps the handler.
import { composeFix, preflightRejected } from "../compose";
import { planFrom } from "../plan";
import { goString } from "../quote";
import { goErrorPageEvidence } from "../go-detect";
import type { StackFixer } from "../types";

export const goNetHttp: StackFixer = {
  id: "go-nethttp",
  label: "Go (net/http middleware)",
  detect: goErrorPageEvidence,
  render(context) {
    const plan = planFrom(context);
    const responseHeaders = [
      plan.credentials ? '\t\t\th.Set("Access-Control-Allow-Credentials", "true")' : undefined,
      plan.exposeHeaders.length > 0
        ? `\t\t\th.Set("Access-Control-Expose-Headers", ${goString(plan.exposeHeaders.join(", "))})`
        : undefined,
    ].filter((line) => line !== undefined);
    const preflightHeaders = [
      `\t\t\t\th.Set("Access-Control-Allow-Methods", ${goString(plan.methods.join(", "))})`,
      plan.requestHeaders.length > 0
        ? `\t\t\t\th.Set("Access-Control-Allow-Headers", ${goString(plan.requestHeaders.join(", "))})`
        : undefined,
      `\t\t\t\th.Set("Access-Control-Max-Age", "${plan.maxAge}")`,
    ].filter((line) => line !== undefined);
    const snippet = [
      "package main",
      "",
      'import "net/http"',
      "",
      `var allowedOrigins = map[string]bool{${plan.origins.map((origin) => `${goString(origin)}: true`).join(", ")}}`,
      "",
      "// withCORS wraps the whole mux: http.ListenAndServe(addr, withCORS(mux)).",
      "func withCORS(next http.Handler) http.Handler {",
      "\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {",
      "\t\th := w.Header()",
      '\t\th.Add("Vary", "Origin")',
      '\t\torigin := r.Header.Get("Origin")',
      "\t\tallowed := allowedOrigins[origin]",
      "\t\tif allowed {",
      '\t\t\th.Set("Access-Control-Allow-Origin", origin)',
      ...responseHeaders,
      "\t\t}",
      '\t\tif r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {',
      "\t\t\tif allowed {",
      ...preflightHeaders,
      "\t\t\t}",
      "\t\t\tw.WriteHeader(http.StatusNoContent)",
      "\t\t\treturn",
      "\t\t}",
      "\t\tnext.ServeHTTP(w, r)",
      "\t})",
      "}",
    ].join("\n");
    return composeFix(this, plan, {
      language: "go",
      snippet,
      where: "A cors.go next to main.go; wrap the outermost handler (outside auth middleware) with withCORS.",
      why: "The wrapper answers the preflight with 204 before any other handler and adds Access-Control-Allow-Origin only for a listed Origin, with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "Wrap withCORS outside the authentication middleware (withCORS(auth(mux))), not inside it.",
        "Go 1.22+ method patterns (\"PUT /path\") answer OPTIONS with 405 unless this wrapper sits in front of the mux.",
      ],
    });
  },
};
