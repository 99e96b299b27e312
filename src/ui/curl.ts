// Builds `curl` commands that replay a recorded preflight and actual request from a terminal.
// Every value came from the page or the server, so each argument is single-quoted for a POSIX
// shell: inside single quotes nothing is special except the quote itself, which is closed,
// escaped and reopened ('\''). NUL cannot be passed in an argument at all and is dropped.
import type { HeaderField, HeaderList, DiagnosedEntry } from "../shared/report";

export interface CurlCommand {
  readonly command: string;
  /** Header names whose values were redacted at capture and must be filled in by hand. */
  readonly placeholders: readonly string[];
}

const BARE_WORD = /^[A-Za-z0-9_./:@%+=,-]+$/;
/** Headers curl computes itself; sending recorded copies would be wrong or duplicated. */
const SKIPPED_HEADERS = new Set(["host", "content-length", "connection"]);
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

export function shellQuote(value: string): string {
  const clean = value.replaceAll("\0", "");
  if (clean !== "" && BARE_WORD.test(clean)) return clean;
  return `'${clean.replaceAll("'", `'\\''`)}'`;
}

export function placeholderFor(headerName: string): string {
  return `<your ${headerName} value>`;
}

function headerArguments(headers: HeaderList, redacted: ReadonlySet<string>, placeholders: string[]): string[] {
  const args: string[] = [];
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    if (SKIPPED_HEADERS.has(lower) || header.name.startsWith(":")) continue;
    let value = header.value;
    if (redacted.has(lower)) {
      value = placeholderFor(header.name);
      if (!placeholders.includes(header.name)) placeholders.push(header.name);
    }
    args.push(`-H ${shellQuote(`${header.name}: ${value}`)}`);
  }
  return args;
}

function withOrigin(headers: HeaderList, origin: string | null): HeaderList {
  if (origin === null || headers.some((h) => h.name.toLowerCase() === "origin")) return headers;
  const originHeader: HeaderField = { name: "Origin", value: origin };
  return [originHeader, ...headers];
}

function methodArguments(method: string): string[] {
  if (method.toUpperCase() === "GET") return [];
  if (method.toUpperCase() === "HEAD") return ["--head"];
  return [`-X ${shellQuote(method)}`];
}

function join(parts: readonly string[]): string {
  return parts.join(" \\\n  ");
}

/** The preflight as the browser sent it, or null when no preflight was observed. */
export function preflightCurl(entry: DiagnosedEntry): CurlCommand | null {
  if (!entry.preflight) return null;
  const placeholders: string[] = [];
  const redacted = new Set(entry.redacted.map((name) => name.toLowerCase()));
  let headers = withOrigin(entry.preflight.requestHeaders, entry.initiator);
  if (!headers.some((h) => h.name.toLowerCase() === "access-control-request-method")) {
    headers = [...headers, { name: "Access-Control-Request-Method", value: entry.method }];
  }
  const parts = [
    "curl -i",
    "-X OPTIONS",
    shellQuote(entry.preflight.url),
    ...headerArguments(headers, redacted, placeholders),
  ];
  return { command: join(parts), placeholders };
}

/** The actual request with its method, Origin and request headers. */
export function requestCurl(entry: DiagnosedEntry): CurlCommand {
  const placeholders: string[] = [];
  const redacted = new Set(entry.redacted.map((name) => name.toLowerCase()));
  const headers = withOrigin(entry.request.headers, entry.initiator);
  const parts = [
    "curl -i",
    ...methodArguments(entry.method),
    shellQuote(entry.url),
    ...headerArguments(headers, redacted, placeholders),
  ];
  if (BODY_METHODS.has(entry.method.toUpperCase())) {
    parts.push(`--data-binary ${shellQuote("<your request body>")}`);
    placeholders.push("request body");
  }
  return { command: join(parts), placeholders };
}
