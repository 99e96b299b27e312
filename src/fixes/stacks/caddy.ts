// Caddy: no CORS directive; a named matcher on the exact Origin, a deferred `header` block,
// and the preflight answered with `respond 204` in its own `handle`.
import { composeFix, preflightRejected } from "../compose";
import { headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { caddyString } from "../quote";
import type { StackFixer } from "../types";

/** Where the user's existing directives go; the real-server test inserts its own there. */
export const CADDY_CONTENT_MARKER = "# Keep the site's existing directives (reverse_proxy, file_server) below.";

export const caddy: StackFixer = {
  id: "caddy",
  label: "Caddy (header + respond)",
  detect: (headers) => headerEvidence(headers, "server", /^caddy/i),
  render(context) {
    const plan = planFrom(context);
    const field = (name: string, value: string): string => `\t${name} ${caddyString(value)}`;
    // No origin to list: no matcher (a `header Origin` on an invented value would be one), no
    // header block; the comment composeFix adds says why.
    const allowed = plan.origins.length === 0 ? [] : [
      "@cors_allowed {",
      ...plan.origins.map((origin) => `\theader Origin ${caddyString(origin)}`),
      "}",
      "header @cors_allowed {",
      "\tAccess-Control-Allow-Origin {http.request.header.Origin}",
      plan.credentials ? field("Access-Control-Allow-Credentials", "true") : undefined,
      field("Access-Control-Allow-Methods", plan.methods.join(", ")),
      plan.requestHeaders.length > 0 ? field("Access-Control-Allow-Headers", plan.requestHeaders.join(", ")) : undefined,
      plan.exposeHeaders.length > 0 ? field("Access-Control-Expose-Headers", plan.exposeHeaders.join(", ")) : undefined,
      field("Access-Control-Max-Age", String(plan.maxAge)),
      "\t# Applied when the response is written, so it survives reverse_proxy.",
      "\tdefer",
      "}",
    ];
    const lines = [
      ...allowed,
      'header +Vary "Origin"',
      "",
      "# Answer the preflight before authentication and the backend.",
      "@cors_preflight {",
      "\tmethod OPTIONS",
      '\theader Access-Control-Request-Method *',
      "}",
      "handle @cors_preflight {",
      "\trespond 204",
      "}",
      "",
      CADDY_CONTENT_MARKER,
    ].filter((line) => line !== undefined);
    return composeFix(this, plan, {
      language: "caddy",
      snippet: lines.join("\n"),
      where: `Inside the Caddyfile site block for ${plan.serverOrigin}, before reverse_proxy/file_server.`,
      why:
        plan.origins.length > 0
          ? `The header block applies only when Origin is exactly ${plan.origins.length === 1 ? "the page's origin" : "one of the listed page origins"}; \`defer\` keeps it on proxied responses; the preflight gets 204 without reaching the backend.`
          : "With no origin to list there is no matcher and no header block, so Caddy sends no CORS header; the preflight gets 204 without reaching the backend.",
      warnings: [
        plan.origins.length > 0 && "Without `defer`, reverse_proxy responses can overwrite or duplicate these fields.",
        "If the backend also sends Access-Control-Allow-Origin, strip it (reverse_proxy { header_down -Access-Control-Allow-Origin }) or the browser sees two values.",
        preflightRejected(plan) && "basic_auth/forward_auth must sit inside a handle that does not match OPTIONS, or the preflight gets 401.",
      ],
    });
  },
};
