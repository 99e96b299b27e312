// Header lookup as Chromium's network stack does it: names compare case-insensitively, and
// duplicated lines are combined with ", " (net::HttpResponseHeaders::GetNormalizedHeader).
import type { HeaderField, HeaderList } from "./types";

/**
 * Whether a header's name is `wanted` (lower case), ignoring case. The length test first: the
 * capture asks for a few headers among a dozen at every cross-origin response, and lower-casing
 * each name would build a string per header per lookup. Lower-casing never shortens a string and
 * lengthens it only at U+0130 (İ → i̇), so any other length differs after lower-casing too.
 */
function isNamed(name: string, wanted: string): boolean {
  if (name.length === wanted.length) return name === wanted || name.toLowerCase() === wanted;
  return name.length < wanted.length && name.includes("\u0130") && name.toLowerCase() === wanted;
}

/** All values of a header, in order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const field of headers) {
    if (isNamed(field.name, wanted)) values.push(field.value);
  }
  return values;
}

/** The combined value of a header (duplicates joined with ", "), or null when absent. */
export function getHeader(headers: HeaderList, name: string): string | null {
  const wanted = name.toLowerCase();
  let combined: string | null = null;
  for (const field of headers) {
    if (isNamed(field.name, wanted)) combined = combined === null ? field.value : `${combined}, ${field.value}`;
  }
  return combined;
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  const wanted = name.toLowerCase();
  for (const field of headers) if (isNamed(field.name, wanted)) return true;
  return false;
}

/** Lower-cased names, each once, in first-seen order. */
export function headerNames(headers: HeaderList): string[] {
  const seen = new Set<string>();
  for (const field of headers) seen.add(field.name.toLowerCase());
  return [...seen];
}

/** Accepts anything and returns a well-formed header list (bad entries are dropped). */
export function sanitizeHeaders(value: unknown): HeaderField[] {
  if (!Array.isArray(value)) return [];
  const fields: HeaderField[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== "object" || entry === null) continue;
    const { name, value: headerValue } = entry as { name?: unknown; value?: unknown };
    if (typeof name !== "string" || name === "") continue;
    fields.push({ name, value: typeof headerValue === "string" ? headerValue : String(headerValue ?? "") });
  }
  return fields;
}

/** Splits a comma-separated header value into trimmed, non-empty items (HttpUtil::ValuesIterator). */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 token, as net::HttpUtil::IsToken checks it. */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

/** Canonical display casing: "access-control-allow-origin" → "Access-Control-Allow-Origin". */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split("-")
    .map((part) => (part === "" ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join("-");
}
