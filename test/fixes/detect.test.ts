import { describe, expect, it } from "vitest";
import type { HeaderList } from "../../src/engine/types";
import { detectStacks } from "../../src/fixes/index";

const h = (...lines: string[]): HeaderList =>
  lines.map((line) => {
    const colon = line.indexOf(":");
    return { name: line.slice(0, colon), value: line.slice(colon + 1).trim() };
  });

// headers → first detected stack, its evidence
const TABLE: ReadonlyArray<readonly [HeaderList, string, string]> = [
  [h("X-Powered-By: Express"), "express", "X-Powered-By: Express"],
  [h("x-powered-by: express", "Server: nginx/1.25.3"), "express", "x-powered-by: express"],
  [
    h("Content-Security-Policy: default-src 'none'", "X-Content-Type-Options: nosniff", "Content-Type: text/html; charset=utf-8"),
    "express",
    "Content-Security-Policy: default-src 'none' on an HTML error page (Express finalhandler)",
  ],
  [h("X-Powered-By: Hono"), "hono", "X-Powered-By: Hono"],
  [h("X-Powered-By: Next.js"), "nextjs", "X-Powered-By: Next.js"],
  [h("x-nextjs-cache: HIT"), "nextjs", "x-nextjs-cache header"],
  [h("Server: Vercel", "x-vercel-id: fra1::abc"), "nextjs", "x-vercel-id header"],
  [h("Server: WSGIServer/0.2 CPython/3.11.2"), "django", "Server: WSGIServer/0.2 CPython/3.11.2"],
  [h("Set-Cookie: csrftoken=[redacted]; Path=/"), "django", "Set-Cookie: csrftoken=…"],
  [h("Server: Werkzeug/3.0.1 Python/3.11.2"), "flask", "Server: Werkzeug/3.0.1 Python/3.11.2"],
  [h("server: uvicorn"), "fastapi", "server: uvicorn"],
  [h("X-Application-Context: application:8080"), "spring", "X-Application-Context: application:8080"],
  [h("Set-Cookie: JSESSIONID=[redacted]; Path=/; HttpOnly"), "spring", "Set-Cookie: JSESSIONID=…"],
  [h("Server: Jetty(9.4.51)"), "spring", "Server: Jetty(9.4.51)"],
  [
    h("Cache-Control: no-cache, no-store, max-age=0, must-revalidate", "Pragma: no-cache", "Expires: 0"),
    "spring",
    "Cache-Control: no-cache, no-store, max-age=0, must-revalidate with Expires: 0 (Spring Security defaults)",
  ],
  [
    h("X-Frame-Options: DENY", "Referrer-Policy: same-origin", "Cross-Origin-Opener-Policy: same-origin"),
    "django",
    "X-Frame-Options: DENY with Referrer-Policy: same-origin (Django's security defaults)",
  ],
  [h("Via: 1.1 abc.cloudfront.net (CloudFront)", "X-Amz-Cf-Id: zz"), "aws-s3", "Via: 1.1 abc.cloudfront.net (CloudFront)"],
  [h("Server: Kestrel"), "aspnet", "Server: Kestrel"],
  [h("X-AspNet-Version: 4.0.30319", "X-Powered-By: ASP.NET"), "aspnet", "X-AspNet-Version: 4.0.30319"],
  [h("X-Runtime: 0.012345", "X-Request-Id: 4f1c"), "rails", "X-Runtime: 0.012345"],
  [h("Set-Cookie: _shop_session=[redacted]; path=/"), "rails", "Set-Cookie: _shop_session=…"],
  [h("Set-Cookie: XSRF-TOKEN=[redacted]; path=/", "Set-Cookie: laravel_session=[redacted]"), "laravel", "Set-Cookie: laravel_session=…"],
  [h("Content-Type: text/plain; charset=utf-8", "X-Content-Type-Options: nosniff"), "go-nethttp", "Content-Type: text/plain; charset=utf-8 with X-Content-Type-Options: nosniff and no Server header (Go http.Error)"],
  [h("Server: nginx"), "nginx", "Server: nginx"],
  [h("Server: openresty/1.21.4.1"), "nginx", "Server: openresty/1.21.4.1"],
  [h("Server: Apache/2.4.62 (Debian)"), "apache", "Server: Apache/2.4.62 (Debian)"],
  [h("Server: Caddy"), "caddy", "Server: Caddy"],
  [h("apigw-requestid: Yx2bXj"), "aws-api-gateway", "apigw-requestid: Yx2bXj"],
  [h("x-amzn-RequestId: 1b2c", "x-amz-apigw-id: Q1w2"), "aws-api-gateway", "x-amz-apigw-id: Q1w2"],
  [h("Server: AmazonS3", "x-amz-request-id: 7A9C"), "aws-s3", "Server: AmazonS3"],
  [h("cf-ray: 8a1b2c3d4e5f-FRA", "Server: cloudflare"), "cloudflare-workers", "cf-ray: 8a1b2c3d4e5f-FRA"],
  [h("x-goog-generation: 1700000000", "Server: UploadServer"), "gcs", "x-goog-generation header"],
  [h("X-GUploader-UploadID: ABPt"), "gcs", "X-GUploader-UploadID: ABPt"],
];

describe("detectStacks", () => {
  it.each(TABLE)("%j → %s", (headers, stack, evidence) => {
    expect(detectStacks(headers)[0]).toEqual({ stack, evidence });
  });

  it("offers every matching stack, framework before proxy before cloud", () => {
    const found = detectStacks(h("X-Powered-By: Express", "Server: nginx", "cf-ray: 1-FRA"));
    expect(found.map((detection) => detection.stack)).toEqual(["express", "nginx", "cloudflare-workers"]);
  });

  it.each([
    [h()],
    [h("Content-Type: application/json", "Date: Wed, 25 Nov 2026 10:00:00 GMT")],
    [h("Server: gws-custom-thing")],
    [h("Set-Cookie: [redacted]")],
  ])("finds nothing in %j", (headers) => {
    expect(detectStacks(headers)).toEqual([]);
  });

  it("never needs cookie values (they are redacted at capture)", () => {
    expect(detectStacks(h("Set-Cookie: laravel_session=[redacted]"))[0]?.stack).toBe("laravel");
  });
});
