// Rails with rack-cors: allow do origins …; resource path, headers:, methods:, expose:,
// credentials:, max_age: end, inserted before all other middleware.
import { composeFix, preflightRejected } from "../compose";
import { cookieEvidence, firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { rubyString } from "../quote";
import type { StackFixer } from "../types";

const array = (values: readonly string[]): string => `[${values.map(rubyString).join(", ")}]`;

export const rails: StackFixer = {
  id: "rails",
  label: "Rails (rack-cors)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-runtime"),
      () => cookieEvidence(headers, /^_[a-z0-9_]+_session$/),
      () => headerEvidence(headers, "server", /puma|passenger|webrick|unicorn/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const resource = plan.pathPrefix === "/" ? "*" : `${plan.pathPrefix}*`;
    const options = [
      `      headers: ${array(plan.requestHeaders)},`,
      // rack-cors compares the request method with these lower-cased.
      `      methods: ${array(plan.methods.map((method) => method.toLowerCase()))},`,
      plan.exposeHeaders.length > 0 ? `      expose: ${array(plan.exposeHeaders)},` : undefined,
      `      credentials: ${plan.credentials ? "true" : "false"},`,
      `      max_age: ${plan.maxAge}`,
    ].filter((line) => line !== undefined);
    const snippet = [
      "# config/initializers/cors.rb (gem \"rack-cors\")",
      "Rails.application.config.middleware.insert_before 0, Rack::Cors do",
      "  allow do",
      ["    origins", ...(plan.origins.length > 0 ? [plan.origins.map(rubyString).join(", ")] : [])].join(" "),
      `    resource ${rubyString(resource)},`,
      ...options,
      "  end",
      "end",
    ].join("\n");
    return composeFix(this, plan, {
      language: "ruby",
      snippet,
      where: "config/initializers/cors.rb, with gem \"rack-cors\" in the Gemfile.",
      why: "Rack::Cors, inserted before all other middleware, answers the preflight itself and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "insert_before 0 puts Rack::Cors ahead of Warden/Devise and Rack::Attack, which otherwise answer the preflight with 401/403.",
        "credentials: true cannot be combined with origins \"*\" (rack-cors raises).",
        "Middleware such as ActionDispatch::Static or Rack::Cache in front of Rack::Cors answer without CORS headers.",
      ],
    });
  },
};
