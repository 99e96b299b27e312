// Google Cloud Storage bucket CORS JSON (origin, method, responseHeader, maxAgeSeconds), set with
// `gcloud storage buckets update --cors-file` or `gsutil cors set`.
import { composeFix } from "../compose";
import { firstEvidence, headerEvidence, headerPrefixEvidence } from "../headers";
import { planFrom } from "../plan";
import type { StackFixer } from "../types";

export const gcs: StackFixer = {
  id: "gcs",
  label: "Google Cloud Storage (bucket CORS)",
  detect: (headers) =>
    firstEvidence(
      () => headerEvidence(headers, "x-guploader-uploadid"),
      () => headerPrefixEvidence(headers, ["x-goog-"]),
      () => headerEvidence(headers, "server", /^UploadServer$/i),
    ),
  render(context) {
    const plan = planFrom(context);
    const entry = {
      origin: plan.origins,
      method: plan.methods,
      // GCS uses responseHeader both for Access-Control-Allow-Headers and -Expose-Headers.
      responseHeader: [...new Set([...plan.requestHeaders, ...plan.exposeHeaders])],
      maxAgeSeconds: plan.maxAge,
    };
    return composeFix(this, plan, {
      language: "json",
      snippet: JSON.stringify([entry], null, 2),
      where:
        "Save as cors.json and apply with `gcloud storage buckets update gs://` + the bucket name + ` --cors-file=cors.json` (or `gsutil cors set cors.json gs://` + the bucket name).",
      why: "Cloud Storage echoes the exact origin (with Vary: Origin) for requests to the XML API endpoint (storage.googleapis.com) and lists responseHeader in the preflight.",
      warnings: [
        plan.credentials &&
          "Cloud Storage never sends Access-Control-Allow-Credentials: requests with cookies (credentials: \"include\") cannot pass; use credentials: \"omit\" with signed URLs or an OAuth bearer token.",
        "CORS applies only to the XML API endpoints, not to storage.cloud.google.com (authenticated browser downloads), which never sends CORS headers.",
        "responseHeader is used both to allow request headers and to expose response headers.",
      ],
    });
  },
};
