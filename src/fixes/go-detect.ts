// Go's net/http sends no Server header; its http.Error pages are the recognisable shape.
import type { HeaderList } from "../engine/types";
import { headerValues } from "./headers";

export function goErrorPageEvidence(headers: HeaderList): string | undefined {
  const contentType = headerValues(headers, "content-type")[0] ?? "";
  const nosniff = headerValues(headers, "x-content-type-options")[0] ?? "";
  const hasServer = headerValues(headers, "server").length > 0;
  if (!hasServer && contentType.toLowerCase() === "text/plain; charset=utf-8" && nosniff.toLowerCase() === "nosniff") {
    return "Content-Type: text/plain; charset=utf-8 with X-Content-Type-Options: nosniff and no Server header (Go http.Error)";
  }
  return undefined;
}
