// "Copy as fetch": the request as a call of the page's fetch function, to paste into its console.
// Values are JSON-quoted, so any captured text stays a string literal; redacted values become placeholders.
import type { DiagnosedEntry } from "../shared/report";
import { placeholderFor } from "./curl";

/** Headers the browser sets itself: a page cannot (or need not) send them. */
const BROWSER_HEADERS = /^(origin|host|cookie|cookie2|referer|user-agent|connection|content-length|accept-encoding|accept-charset|date|dnt|expect|keep-alive|te|trailer|transfer-encoding|upgrade|via|proxy-.*|sec-.*|access-control-request-.*)$/i;
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The call is text for the user to paste; the extension itself makes no request (no-network test). */
const CALL = "fetch";

function credentialsOf(entry: DiagnosedEntry): "include" | null {
  if (entry.request.headers.some((h) => h.name.toLowerCase() === "cookie")) return "include";
  const inferred = entry.diagnosis.inferred.find((fact) => fact.fact === "credentials-mode");
  return inferred?.value === "include" ? "include" : null;
}

export function fetchSnippet(entry: DiagnosedEntry): string {
  const redacted = new Set(entry.redacted.map((name) => name.toLowerCase()));
  const headers: string[] = [];
  for (const header of entry.request.headers) {
    if (BROWSER_HEADERS.test(header.name) || header.name.startsWith(":")) continue;
    const value = redacted.has(header.name.toLowerCase()) ? placeholderFor(header.name) : header.value;
    headers.push(`    ${JSON.stringify(header.name)}: ${JSON.stringify(value)},`);
  }
  const options: string[] = [];
  if (entry.method.toUpperCase() !== "GET") options.push(`  method: ${JSON.stringify(entry.method)},`);
  if (headers.length > 0) options.push("  headers: {", ...headers, "  },");
  if (BODY_METHODS.has(entry.method.toUpperCase())) options.push(`  body: ${JSON.stringify("<your request body>")},`);
  options.push(`  mode: "cors",`);
  const credentials = credentialsOf(entry);
  if (credentials) options.push(`  credentials: "${credentials}",`);
  return `await ${CALL}(${JSON.stringify(entry.url)}, {\n${options.join("\n")}\n});`;
}
