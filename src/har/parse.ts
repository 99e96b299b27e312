// A HAR file's text → its `log` object, or a HarError that says what the file is instead and what
// to export. Nothing else is thrown: the panel and the command line show the message as it is.
import { HarError } from "./types";

/** Larger texts are refused before parsing (a JavaScript string holds at most about 512 M characters). */
export const MAX_HAR_CHARS = 300_000_000;

const HOW_TO_EXPORT =
  "Export a HAR from the browser that showed the failure: Chrome/Edge DevTools → Network → Export HAR (the download arrow), Firefox DevTools → Network → right-click → Save All As HAR.";

/** The parsed JSON value of a HAR file's text; throws HarError for anything that is not JSON. */
export function parseHarText(text: string, maxChars = MAX_HAR_CHARS): unknown {
  if (text.length > maxChars) {
    throw new HarError(
      "too-large",
      `The file is too large to read (${megabytes(text.length)} MB of text; the limit is ${megabytes(maxChars)} MB). Filter DevTools' Network panel to the failing requests (for example by the API's domain) and export again. ${HOW_TO_EXPORT}`,
    );
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = firstNonSpace(body);
  if (start < 0) throw new HarError("empty", `The file is empty: it holds no HAR. ${HOW_TO_EXPORT}`);
  const first = body[start]!;
  if (first !== "{" && first !== "[") {
    throw new HarError("not-json", `The file is not JSON (it begins with ${quoteStart(body, start)}), so it is not a HAR. ${HOW_TO_EXPORT}`);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    if (endsEarly(body, start)) {
      throw new HarError(
        "truncated",
        `The file is truncated: its JSON ends early, after ${megabytes(body.length)} MB (a download or copy that did not finish, or a file cut to fit a ticket). Export the HAR again and send the whole file. ${HOW_TO_EXPORT}`,
      );
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new HarError("not-json", `The file is not valid JSON (${detail.slice(0, 200)}), so it cannot be read as a HAR. ${HOW_TO_EXPORT}`);
  }
}

/** The `log` object of a parsed HAR (the whole file, or the log itself), or a HarError naming what the value is. */
export function harLogOf(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) {
    throw new HarError("not-har", `The file is a JSON array, not a HAR: a HAR is an object with a "log" holding "entries". ${HOW_TO_EXPORT}`);
  }
  if (typeof value !== "object" || value === null) {
    throw new HarError("not-har", `The file holds a single JSON ${value === null ? "null" : typeof value}, not a HAR. ${HOW_TO_EXPORT}`);
  }
  const object = value as Record<string, unknown>;
  if (object.format === "cors-doctor-report") throw new HarError("not-har", `${whatItIs(object)} ${HOW_TO_EXPORT}`);
  const log = isRecord(object.log) ? object.log : Array.isArray(object.entries) ? object : undefined;
  if (log === undefined) throw new HarError("not-har", `${whatItIs(object)} ${HOW_TO_EXPORT}`);
  if (!Array.isArray(log.entries)) {
    throw new HarError("not-har", `The file has a HAR "log" but no "log.entries" list of requests, so there is nothing to read. ${HOW_TO_EXPORT}`);
  }
  return log;
}

function whatItIs(object: Record<string, unknown>): string {
  if (object.format === "cors-doctor-report") {
    return "The file is a CORS Doctor report (already diagnosed), not a HAR: open it as a report, or send the HAR it came from.";
  }
  if (Array.isArray(object.traceEvents)) return "The file is a performance trace (traceEvents), not a HAR.";
  const keys = Object.keys(object).slice(0, 5);
  return `The file is JSON but not a HAR: it has no "log" (its top-level keys: ${keys.length > 0 ? keys.map((key) => `"${key.slice(0, 40)}"`).join(", ") : "none"}).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return i;
  }
  return -1;
}

function quoteStart(text: string, start: number): string {
  const head = text.slice(start, start + 24);
  return JSON.stringify(head + (text.length - start > 24 ? "…" : ""));
}

function megabytes(chars: number): string {
  return (chars / 1_000_000).toFixed(chars < 1_000_000 ? 2 : 0);
}

/**
 * Whether JSON text that failed to parse stops in the middle of a value: a string or an object or
 * array still open at its end. Only run on the failure path (one pass over the text).
 */
export function endsEarly(text: string, start = 0): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      depth--;
      if (depth < 0) return false;
    }
  }
  return inString || depth > 0;
}
