// AWS API Gateway HTTP API CORS configuration (CorsConfiguration: AllowOrigins, AllowMethods,
// AllowHeaders, ExposeHeaders, AllowCredentials, MaxAge).
import { composeFix, preflightRejected } from "../compose";
import { firstEvidence, headerEvidence } from "../headers";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";

export const awsApiGateway: StackFixer = {
  id: "aws-api-gateway",
  label: "AWS API Gateway (HTTP API CORS)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "apigw-requestid"),
      () => headerEvidence(headers, "x-amz-apigw-id"),
      () => headerEvidence(headers, "x-amzn-requestid"),
      () => headerEvidence(headers, "x-amzn-errortype"),
    ),
  render(context) {
    const plan = planFrom(context);
    const configuration = {
      AllowOrigins: plan.origins,
      AllowMethods: plan.methods,
      AllowHeaders: plan.requestHeaders,
      ExposeHeaders: plan.exposeHeaders,
      AllowCredentials: plan.credentials,
      MaxAge: plan.maxAge,
    };
    return composeFix(this, plan, {
      language: "json",
      snippet: JSON.stringify(configuration, null, 2),
      where:
        "Save as cors.json and apply with `aws apigatewayv2 update-api --api-id` (your API's id) `--cors-configuration file://cors.json`; the same keys are the Cors property of AWS::ApiGatewayV2::Api.",
      why: "API Gateway then answers every preflight itself and adds the headers for a listed origin (with Vary: Origin) to integration responses.",
      warnings: [
        "Once CORS is configured on an HTTP API, API Gateway ignores CORS headers sent by the integration (Lambda, backend): configure it in one place only.",
        preflightRejected(plan) && "With CORS configured, API Gateway answers OPTIONS before JWT/Lambda authorizers; an OPTIONS route with an authorizer (e.g. $default ANY with auth) must not catch preflights.",
        "REST APIs (v1) have no such setting: they need an OPTIONS method with a mock integration and the headers on every method response, including gateway responses for 4xx/5xx.",
      ],
    });
  },
};
