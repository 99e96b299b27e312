// Laravel config/cors.php (HandleCors middleware): paths, allowed_methods, allowed_origins,
// allowed_origins_patterns, allowed_headers, exposed_headers, max_age, supports_credentials.
import { composeFix, preflightRejected } from "../compose";
import { cookieEvidence, firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { phpString } from "../quote";
import type { StackFixer } from "../types";

const array = (values: readonly string[]): string => `[${values.map(phpString).join(", ")}]`;

export const laravel: StackFixer = {
  id: "laravel",
  label: "Laravel (config/cors.php)",
  detect: (headers) =>
    firstEvidence(
      () => cookieEvidence(headers, /^laravel_session$/),
      () => cookieEvidence(headers, /^XSRF-TOKEN$/),
      () => headerEvidence(headers, "x-powered-by", /php/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const paths = plan.pathPrefix === "/" ? "*" : `${plan.pathPrefix.slice(1)}*`;
    const snippet = [
      "<?php",
      "",
      "// config/cors.php (php artisan config:publish cors on Laravel 11+)",
      "return [",
      `    'paths' => ${array([paths])},`,
      `    'allowed_methods' => ${array(plan.methods)},`,
      `    'allowed_origins' => ${array(plan.origins)},`,
      "    'allowed_origins_patterns' => [],",
      `    'allowed_headers' => ${array(plan.requestHeaders)},`,
      `    'exposed_headers' => ${array(plan.exposeHeaders)},`,
      `    'max_age' => ${plan.maxAge},`,
      `    'supports_credentials' => ${plan.credentials ? "true" : "false"},`,
      "];",
    ].join("\n");
    return composeFix(this, plan, {
      language: "php",
      snippet,
      where: "config/cors.php; the global HandleCors middleware reads it (run php artisan config:clear if the config is cached).",
      why: "HandleCors answers the preflight before routing and auth, and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "HandleCors is global middleware: if the preflight still fails, something outside Laravel (web server auth, a proxy) answered it.",
        "Requests whose path is not in 'paths' get no CORS headers at all.",
        plan.credentials && "With Sanctum SPA auth, the page's host must also be in SANCTUM_STATEFUL_DOMAINS.",
      ],
    });
  },
};
