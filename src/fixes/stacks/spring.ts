// Spring Boot (Spring MVC): CorsRegistry.addMapping(...).allowedOrigins / allowedMethods /
// allowedHeaders / exposedHeaders / allowCredentials / maxAge; Spring Security needs http.cors().
import { composeFix, preflightRejected } from "../compose";
import type { HeaderList } from "../../engine/types";
import { cookieEvidence, firstEvidence, headerEvidence, headerValues } from "../headers";
import { planFrom } from "../plan";
import { javaString } from "../quote";
import type { StackFixer } from "../types";

const args = (values: readonly string[]): string => values.map(javaString).join(", ");

/** Spring Security's default response headers: this exact Cache-Control together with Expires: 0. */
function springSecurityEvidence(headers: HeaderList): string | undefined {
  const cacheControl = headerValues(headers, "cache-control")[0] ?? "";
  const expires = headerValues(headers, "expires")[0] ?? "";
  if (cacheControl === "no-cache, no-store, max-age=0, must-revalidate" && expires === "0") {
    return "Cache-Control: no-cache, no-store, max-age=0, must-revalidate with Expires: 0 (Spring Security defaults)";
  }
  return undefined;
}

export const spring: StackFixer = {
  id: "spring",
  label: "Spring Boot (CorsRegistry)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-application-context"),
      () => headerEvidence(headers, "server", /tomcat|coyote|jetty|undertow/i),
      () => cookieEvidence(headers, /^JSESSIONID$/),
      () => springSecurityEvidence(headers),
    ),
  render(context) {
    const plan = planFrom(context);
    const mapping = plan.pathPrefix === "/" ? "/**" : `${plan.pathPrefix}**`;
    const chain = [
      `        registry.addMapping(${javaString(mapping)})`,
      `            .allowedOrigins(${args(plan.origins)})`,
      `            .allowedMethods(${args(plan.methods)})`,
      plan.requestHeaders.length > 0 ? `            .allowedHeaders(${args(plan.requestHeaders)})` : undefined,
      plan.exposeHeaders.length > 0 ? `            .exposedHeaders(${args(plan.exposeHeaders)})` : undefined,
      `            .allowCredentials(${plan.credentials ? "true" : "false"})`,
      `            .maxAge(${plan.maxAge});`,
    ].filter((line) => line !== undefined);
    const snippet = [
      "import org.springframework.context.annotation.Configuration;",
      "import org.springframework.web.servlet.config.annotation.CorsRegistry;",
      "import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;",
      "",
      "@Configuration",
      "public class CorsConfig implements WebMvcConfigurer {",
      "    @Override",
      "    public void addCorsMappings(CorsRegistry registry) {",
      ...chain,
      "    }",
      "}",
    ].join("\n");
    return composeFix(this, plan, {
      language: "java",
      snippet,
      where: "A new CorsConfig.java in a package scanned by your @SpringBootApplication.",
      why: "Spring's DefaultCorsProcessor answers the preflight and echoes a listed origin with Vary: Origin.",
      warnings: [
        preflightRejected(plan) &&
          "With Spring Security, the filter chain rejects the preflight before Spring MVC sees it: add http.cors(Customizer.withDefaults()) to your SecurityFilterChain so the CORS filter runs first.",
        "allowedOrigins(\"*\") together with allowCredentials(true) throws IllegalArgumentException at startup; use exact origins (or allowedOriginPatterns).",
        "@CrossOrigin on a controller and a global mapping combine: keep one place so values do not drift.",
      ],
    });
  },
};
