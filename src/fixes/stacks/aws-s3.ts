// AWS S3 bucket CORS (PutBucketCors CORSRules: AllowedOrigins, AllowedMethods, AllowedHeaders,
// ExposeHeaders, MaxAgeSeconds). S3 accepts only GET, PUT, POST, DELETE and HEAD.
import { composeFix } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";

const S3_METHODS = new Set(["GET", "PUT", "POST", "DELETE", "HEAD"]);

export const awsS3: StackFixer = {
  id: "aws-s3",
  label: "AWS S3 (bucket CORS)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "server", /amazons3/i),
      () => headerEvidence(headers, "x-amz-request-id"),
      () => headerEvidence(headers, "x-amz-id-2"),
      () => headerEvidence(headers, "via", /cloudfront/i),
      () => headerEvidence(headers, "x-amz-cf-id"),
    ),
  render(context) {
    const plan = planFrom(context);
    const methods = plan.methods.filter((method) => S3_METHODS.has(method));
    const unsupported = plan.methods.filter((method) => !S3_METHODS.has(method));
    const rule = {
      ID: "page-origin",
      AllowedOrigins: plan.origins,
      AllowedMethods: methods.length > 0 ? methods : ["GET"],
      AllowedHeaders: plan.requestHeaders,
      ExposeHeaders: plan.exposeHeaders,
      MaxAgeSeconds: plan.maxAge,
    };
    return composeFix(this, plan, {
      language: "json",
      snippet: JSON.stringify({ CORSRules: [rule] }, null, 2),
      where:
        "Save as cors.json and apply with `aws s3api put-bucket-cors --bucket` (the bucket behind this URL) `--cors-configuration file://cors.json`, or paste CORSRules into the console's CORS editor.",
      why: "S3 matches the first rule whose origin, method and headers fit, echoes the exact origin with Vary: Origin and sends Access-Control-Allow-Credentials: true for a non-wildcard origin.",
      warnings: [
        plan.origins.length === 0 && "S3 rejects a CORS rule without AllowedOrigins: add your page's real origin before applying it.",
        unsupported.length > 0 && `S3 bucket CORS accepts only GET, PUT, POST, DELETE and HEAD; it cannot allow ${unsupported.join(", ")}.`,
        "CloudFormation's AWS::S3::Bucket CorsRule spells these ExposedHeaders and MaxAge, not ExposeHeaders and MaxAgeSeconds.",
        "Behind CloudFront, forward the Origin header (and the Access-Control-Request-* headers) in the cache policy, or a cached response without CORS headers is served to the page.",
        "S3 website endpoints and presigned-URL redirects to another region answer differently from the REST endpoint: test the exact URL the page uses.",
      ],
    });
  },
};
