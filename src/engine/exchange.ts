// Defensive reading of an ObservedExchange: whatever arrives (missing fields, wrong types, huge or
// odd values), the rest of the engine works on a well-formed copy.
import { sanitizeHeaders } from "./headers";
import type { CredentialsMode, CredentialsWitness, EarlierResponse, InferredFact, ObservedExchange, ObservedPreflight, ObservedRedirect, ObservedResponse } from "./types";

function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function statusOf(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : 0;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function sanitizeResponse(value: unknown): ObservedResponse | undefined {
  const raw = record(value);
  if (!raw) return undefined;
  const ip = optionalText(raw.ip);
  return {
    url: text(raw.url),
    status: statusOf(raw.status),
    headers: sanitizeHeaders(raw.headers),
    ...(ip !== undefined ? { ip } : {}),
  };
}

function sanitizeRedirect(value: unknown): ObservedRedirect | null {
  const response = sanitizeResponse(value);
  const raw = record(value);
  if (!response || !raw) return null;
  const preflightAfter = sanitizePreflight(raw.preflightAfter);
  // Object.assign, not `{ ...response, location }`: V8 copies that on a slow path.
  return Object.assign(response, {
    location: text(raw.location),
    ...(Array.isArray(raw.requestHeaders) ? { requestHeaders: sanitizeHeaders(raw.requestHeaders) } : {}),
    ...(preflightAfter ? { preflightAfter } : {}),
  });
}

function sanitizePreflight(value: unknown): ObservedPreflight | undefined {
  const raw = record(value);
  if (!raw) return undefined;
  const response = sanitizeResponse(raw.response);
  const error = optionalText(raw.error);
  return {
    url: text(raw.url),
    requestHeaders: sanitizeHeaders(raw.requestHeaders),
    ...(response ? { response } : {}),
    ...(error !== undefined && error !== "" ? { error } : {}),
  };
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function nullableText(value: unknown): string | null {
  return typeof value === "string" ? value.slice(0, 2_048) : null;
}

/** The earlier response's evidence, when it is well formed; nothing otherwise. */
function earlierOf(value: unknown): { earlier?: EarlierResponse } {
  const raw = record(value);
  const seenAt = finite(raw?.seenAt);
  if (!raw || seenAt === undefined) return {};
  return {
    earlier: {
      seenAt,
      status: statusOf(raw.status),
      requestOrigin: nullableText(raw.requestOrigin),
      allowOrigin: nullableText(raw.allowOrigin),
      date: nullableText(raw.date),
      cacheControl: text(raw.cacheControl).slice(0, 2_048),
      hopByHop: raw.hopByHop === true,
      resourceType: text(raw.resourceType, "other"),
    },
  };
}

/** When the request started and what is known of the server's clock, when given as numbers. */
function timingOf(raw: Record<string, unknown>): { startedAt?: number; serverDateSkew?: number } {
  const startedAt = finite(raw.startedAt);
  const skew = finite(raw.serverDateSkew);
  return { ...(startedAt !== undefined ? { startedAt } : {}), ...(skew !== undefined ? { serverDateSkew: skew } : {}) };
}

const CREDENTIALS_MODES: readonly string[] = ["include", "same-origin", "omit"] satisfies readonly CredentialsMode[];

/** The credentials witness, when it is well formed; nothing otherwise. */
function witnessOf(value: unknown): { credentialsWitness?: CredentialsWitness } {
  const raw = record(value);
  if (!raw || typeof raw.mode !== "string" || !CREDENTIALS_MODES.includes(raw.mode)) return {};
  if (raw.via !== "fetch" && raw.via !== "xhr" && raw.via !== "stated" && raw.via !== "probe") return {};
  return { credentialsWitness: { mode: raw.mode as CredentialsMode, via: raw.via } };
}

/**
 * A well-formed copy of anything that claims to be an ObservedExchange; `outcome`, when given,
 * replaces its error and completed (the copy is the one made, not `{ ...input, error }` first).
 */
export function sanitizeExchange(input: unknown, outcome?: { readonly error: string; readonly completed: boolean }): ObservedExchange {
  const raw = record(input) ?? {};
  const preflight = sanitizePreflight(raw.preflight);
  const response = sanitizeResponse(raw.response);
  const error = outcome ? outcome.error : optionalText(raw.error);
  const initiator = optionalText(raw.initiator);
  const documentUrl = optionalText(raw.documentUrl);
  const ip = optionalText(raw.ip);
  const partial = optionalText(raw.partial);
  const redirects = Array.isArray(raw.redirects)
    ? (raw.redirects as unknown[]).map(sanitizeRedirect).filter((hop): hop is ObservedRedirect => hop !== null)
    : [];
  const redacted = Array.isArray(raw.redactedHeaders)
    ? (raw.redactedHeaders as unknown[]).filter((name): name is string => typeof name === "string").map((name) => name.toLowerCase())
    : undefined;
  return {
    ...(raw.browser === "firefox" ? { browser: "firefox" as const } : {}),
    url: text(raw.url),
    method: text(raw.method, "GET") || "GET",
    resourceType: text(raw.resourceType, "other"),
    ...(initiator !== undefined ? { initiator } : {}),
    ...(documentUrl !== undefined ? { documentUrl } : {}),
    requestHeaders: sanitizeHeaders(raw.requestHeaders),
    requestHeadersSent: raw.requestHeadersSent !== false,
    ...(preflight ? { preflight } : {}),
    redirects,
    ...(response ? { response } : {}),
    ...(error !== undefined && error !== "" ? { error } : {}),
    completed: outcome ? outcome.completed : raw.completed === true,
    ...(redacted ? { redactedHeaders: redacted } : {}),
    ...witnessOf(raw.credentialsWitness),
    ...(ip !== undefined ? { ip } : {}),
    ...(partial ? { partial } : {}),
    ...timingOf(raw),
    ...earlierOf(raw.earlier),
    ...observerFactsOf(raw.observerFacts),
  };
}

/** Bounds a page-independent but still external list: a few well-formed facts at most. */
const MAX_OBSERVER_FACTS = 16;

function observerFactsOf(value: unknown): { observerFacts?: InferredFact[] } {
  if (!Array.isArray(value)) return {};
  const facts: InferredFact[] = [];
  for (const item of value as unknown[]) {
    const raw = record(item);
    if (!raw || typeof raw.fact !== "string" || typeof raw.value !== "string" || typeof raw.evidence !== "string") continue;
    facts.push({ fact: raw.fact, value: raw.value, evidence: raw.evidence });
    if (facts.length === MAX_OBSERVER_FACTS) break;
  }
  return facts.length > 0 ? { observerFacts: facts } : {};
}
