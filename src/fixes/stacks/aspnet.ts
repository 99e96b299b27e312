// ASP.NET Core: AddCors/AddPolicy with CorsPolicyBuilder (WithOrigins, WithMethods, WithHeaders,
// WithExposedHeaders, AllowCredentials, SetPreflightMaxAge) and UseCors between routing and auth.
import { composeFix, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import { csharpString } from "../quote";
import type { StackFixer } from "../types";

const args = (values: readonly string[]): string => values.map(csharpString).join(", ");

export const aspnet: StackFixer = {
  id: "aspnet",
  label: "ASP.NET Core (CorsPolicyBuilder)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-aspnet-version"),
      () => headerEvidence(headers, "x-aspnetmvc-version"),
      () => headerEvidence(headers, "x-powered-by", /asp\.net/i),
      () => headerEvidence(headers, "server", /kestrel|microsoft-iis/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const builder = [
      `        policy.WithOrigins(${args(plan.origins)})`,
      `              .WithMethods(${args(plan.methods)})`,
      plan.requestHeaders.length > 0 ? `              .WithHeaders(${args(plan.requestHeaders)})` : undefined,
      plan.exposeHeaders.length > 0 ? `              .WithExposedHeaders(${args(plan.exposeHeaders)})` : undefined,
      plan.credentials ? "              .AllowCredentials()" : undefined,
      `              .SetPreflightMaxAge(TimeSpan.FromSeconds(${plan.maxAge}))`,
    ].filter((line) => line !== undefined);
    const snippet = [
      "// Program.cs, before builder.Build():",
      "builder.Services.AddCors(options =>",
      "{",
      '    options.AddPolicy("PageOrigin", policy =>',
      ...builder,
      "    );",
      "});",
      "",
      "// After builder.Build(): UseCors after UseRouting and before authentication.",
      "app.UseRouting();",
      'app.UseCors("PageOrigin");',
      "app.UseAuthentication();",
      "app.UseAuthorization();",
    ].join("\n");
    return composeFix(this, plan, {
      language: "csharp",
      snippet,
      where: "Program.cs: the AddCors call with the other builder.Services registrations, UseCors in the middleware pipeline.",
      why: "The CORS middleware answers the preflight with 204 and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) && "UseCors must run before UseAuthentication/UseAuthorization, or the preflight gets their 401/403.",
        "AllowAnyOrigin() with AllowCredentials() is refused (the policy sends no CORS headers at all).",
        "WithOrigins matches exactly: no trailing slash, scheme and port included.",
        "IIS in front may answer OPTIONS itself (WebDAV module, OPTIONSVerbHandler): remove those handlers so the app sees the preflight.",
      ],
    });
  },
};
