// The server as the unit: entries grouped by the server origin they were sent to, each server's
// policy computed from all of its requests, and one set of fixes per server that every blocked
// entry to it shares. Pure; run where a report or the panel reads entries. It reads entries
// through its own minimal shape (`ServerEntry`), which the report's entries satisfy.
import { originOf, pathOf } from "../engine/origin";
import type { CheckStage, CorsErrorCode, FixRequirements, HeaderList, InferredFact, Verdict } from "../engine/types";
import { headerValues } from "./headers";
import { buildFixesForPolicy, detectStacks } from "./index";
import { detectLayers, type LayerDetection } from "./layers";
import { redirectAdviceFix } from "./redirect-advice";
import { serverPolicy, type PolicyObservation, type ServerPolicy } from "./policy";
import type { Fix, StackDetection } from "./types";

// The policy file (policy-file.ts) is part of the library the pages hand the UI.
export { policyFile } from "./policy-file";

/** What the server view reads of one recorded request (a report entry has all of it). */
export interface ServerEntry {
  readonly id: string;
  readonly url: string;
  readonly finalUrl: string;
  readonly method: string;
  /** Origin of the requesting page. */
  readonly initiator: string | null;
  readonly blocked: boolean;
  readonly diagnosis: {
    readonly verdict: Verdict;
    readonly code: CorsErrorCode | null;
    readonly stage: CheckStage | null;
    readonly inferred: readonly InferredFact[];
    readonly requirements: FixRequirements | null;
  };
  readonly preflight: { readonly requestHeaders: HeaderList; readonly responseHeaders: HeaderList } | null;
  readonly request: { readonly headers: HeaderList };
  readonly response: { readonly url: string; readonly responseHeaders: HeaderList } | null;
  /** Present when already computed (an imported report, a test): kept as given when not empty. */
  readonly detectedStacks?: readonly StackDetection[];
  /** Present when already computed: a blocked entry's non-empty fixes are kept as given. */
  readonly fixes?: readonly Fix[];
}

/** An entry with what the reader adds: its detected stacks and, when blocked, its server's fixes. */
export type CompletedEntry<E extends ServerEntry> = E & { readonly detectedStacks: readonly StackDetection[]; readonly fixes: readonly Fix[] };

export interface ServerReport {
  /** The server that must change: scheme://host:port the requests were sent to. */
  readonly origin: string;
  /** Ids of the entries sent to it, in report order. */
  readonly entries: readonly string[];
  readonly pageOrigins: readonly string[];
  readonly policy: ServerPolicy;
  readonly detectedStacks: readonly StackDetection[];
  readonly layers: LayerDetection | null;
  /** The server's fixes, one per stack (the layer that should own CORS, then detected ones first); [] when nothing is blocked. */
  readonly fixes: readonly Fix[];
}

/** The server an entry was sent to: the failing URL's origin (after redirects), else the request's. */
export function serverOriginOf(entry: ServerEntry): string | null {
  return entry.diagnosis.requirements?.serverOrigin || originOf(entry.response?.url ?? entry.finalUrl) || originOf(entry.url);
}

/** The response headers that decided the entry (the preflight's when it failed there). */
export function decidingHeaders(entry: ServerEntry): HeaderList {
  if (entry.diagnosis.stage === "preflight" && entry.preflight) return entry.preflight.responseHeaders;
  return entry.response?.responseHeaders ?? entry.preflight?.responseHeaders ?? [];
}

function requestHeaderValue(entry: ServerEntry, name: string): string | undefined {
  return headerValues(entry.request.headers, name)[0] ?? (entry.preflight ? headerValues(entry.preflight.requestHeaders, name)[0] : undefined);
}

/** Evidence that the request carried credentials, strongest first; undefined when none. */
export function credentialsEvidence(entry: ServerEntry): string | undefined {
  if (headerValues(entry.request.headers, "cookie").length > 0) return "it carried a Cookie header (sent cross-origin only with credentials 'include')";
  const storageAccess = headerValues(entry.request.headers, "sec-fetch-storage-access")[0];
  if (storageAccess !== undefined) {
    return `it carried Sec-Fetch-Storage-Access: ${storageAccess.slice(0, 20)} (Chromium sends it on cross-site requests with credentials 'include' only)`;
  }
  const inferred = entry.diagnosis.inferred.find((fact) => fact.fact === "credentials-mode");
  if (inferred?.value === "include") return `inferred: ${inferred.evidence}`;
  return undefined;
}

/** What one entry shows the policy: its origin, method, headers, credentials, the server's answer. */
export function observationOf(entry: ServerEntry): PolicyObservation {
  const requirements = entry.diagnosis.requirements;
  const evidence = credentialsEvidence(entry);
  const preflightHeaders = entry.preflight ? entry.preflight.requestHeaders : [];
  const requested = headerValues(preflightHeaders, "access-control-request-headers").flatMap((value) => value.split(","));
  const origin = requirements?.origin ?? requestHeaderValue(entry, "origin") ?? entry.initiator;
  return {
    id: entry.id,
    method: requirements?.methods[0] ?? headerValues(preflightHeaders, "access-control-request-method")[0] ?? entry.method,
    path: requirements?.path || pathOf(entry.finalUrl) || "/",
    blocked: entry.blocked,
    origin: origin ?? null,
    requestHeaders: requirements ? requirements.requestHeaders : requested.map((name) => name.trim()).filter((name) => name !== ""),
    credentials: Boolean(requirements?.credentials) || evidence !== undefined,
    ...(evidence ? { credentialsEvidence: evidence } : requirements?.credentials ? { credentialsEvidence: "the diagnosis found credentials were used" } : {}),
    exposeHeaders: requirements?.exposeHeaders ?? [],
    preflightResponseHeaders: entry.preflight?.responseHeaders ?? [],
    responseHeaders: entry.response?.responseHeaders ?? [],
  };
}

/** Stacks named by one entry's deciding headers: detected once per entry, read by its server and by the entry. */
type Detections = ReadonlyMap<ServerEntry, readonly StackDetection[]>;

function detectEach(entries: readonly ServerEntry[]): Detections {
  return new Map(entries.map((entry) => [entry, detectStacks(decidingHeaders(entry))]));
}

/** Detected stacks for a server: from every response it sent, most specific first, each once. */
function serverStacks(entries: readonly ServerEntry[], detections: Detections): { stacks: StackDetection[]; layers: LayerDetection | null } {
  const seen = new Map<string, StackDetection>();
  let layers: LayerDetection | null = null;
  for (const entry of entries) {
    const deciding = decidingHeaders(entry);
    const response = entry.response?.responseHeaders ?? [];
    // The response's headers are usually the deciding ones: detected once.
    const sets: [HeaderList, readonly StackDetection[] | undefined][] = [[deciding, detections.get(entry)], ...(response === deciding ? [] : [[response, undefined] as [HeaderList, undefined]])];
    for (const [headers, known] of sets) {
      if (headers.length === 0) continue;
      const detected = known ?? detectStacks(headers);
      for (const detection of detected) if (!seen.has(detection.stack)) seen.set(detection.stack, detection);
      const found = detectLayers(headers, detected.map((detection) => detection.stack));
      if (found && (!layers || (found.duplicateAllowOrigin && !layers.duplicateAllowOrigin) || (found.app && !layers.app))) layers = found;
    }
  }
  return { stacks: [...seen.values()], layers };
}

/** The CORS entries grouped by the server they were sent to (cheap: no policy, no fixes). */
export function serverGroups<E extends ServerEntry>(entries: readonly E[]): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const entry of entries) {
    if (entry.diagnosis.verdict === "not-cors" || entry.diagnosis.verdict === "unrelated-failure") continue;
    const server = serverOriginOf(entry);
    if (!server) continue;
    let group = groups.get(server);
    if (!group) groups.set(server, (group = []));
    group.push(entry);
  }
  return groups;
}

function serverReport(origin: string, group: readonly ServerEntry[], detections: Detections): ServerReport {
  const policy = serverPolicy(origin, group.map(observationOf));
  const { stacks, layers } = serverStacks(group, detections);
  const firstBlocked = group.find((entry) => entry.blocked && entry.diagnosis.requirements);
  const fixes = firstBlocked?.diagnosis.requirements
    ? buildFixesForPolicy(policy, {
        detected: stacks.map((detection) => detection.stack),
        ...(layers ? { layers } : {}),
        requirements: firstBlocked.diagnosis.requirements,
        ...(firstBlocked.diagnosis.code ? { code: firstBlocked.diagnosis.code } : {}),
      })
    : [];
  return { origin, entries: group.map((entry) => entry.id), pageOrigins: policy.origins.map((part) => part.value), policy, detectedStacks: stacks, layers, fixes };
}

/** Groups entries by server and computes each server's policy and fixes. */
export function serverReports(entries: readonly ServerEntry[], detections: Detections = detectEach(entries)): ServerReport[] {
  return [...serverGroups(entries)].map(([origin, group]) => serverReport(origin, group, detections));
}

export interface CompletedEntries<E extends ServerEntry> {
  /** The entries, each blocked one with its server's fixes and every one with its detected stacks. */
  readonly entries: readonly CompletedEntry<E>[];
  readonly servers: readonly ServerReport[];
}

/** One entry's own stacks, the layer that should own CORS first (behind a proxy its fix is offered first). */
function entryStacks(entry: ServerEntry, detected: readonly StackDetection[], server: ServerReport | undefined): readonly StackDetection[] {
  const own = entry.detectedStacks && entry.detectedStacks.length > 0 ? entry.detectedStacks : detected;
  const owner = server?.layers?.owner;
  return owner && own.some((detection) => detection.stack === owner) && own[0]?.stack !== owner
    ? [...own].sort((a, b) => Number(b.stack === owner) - Number(a.stack === owner))
    : own;
}

/** A blocked entry's fixes: its server's, after the redirect advice when a redirect failed; kept when given. */
function entryFixes(entry: ServerEntry, server: ServerReport | undefined): readonly Fix[] {
  const given = entry.fixes ?? [];
  const requirements = entry.diagnosis.requirements;
  if (given.length > 0 || !entry.blocked || !requirements) return given;
  const serverFixes = server?.fixes ?? [];
  // A redirect failure is fixed where the redirect is first: that advice comes before the server's fixes.
  const advice = redirectAdviceFix({ requirements, responseHeaders: [] });
  return advice ? [advice, ...serverFixes] : serverFixes;
}

/**
 * Fills what the worker leaves to the reader: `detectedStacks` and, for blocked entries, `fixes`
 * (their server's). Entries that already carry them keep them. Stacks are detected once per entry.
 */
export function completeEntries<E extends ServerEntry>(entries: readonly E[]): CompletedEntries<E> {
  const detections = detectEach(entries);
  const servers = serverReports(entries, detections);
  const byOrigin = new Map(servers.map((server) => [server.origin, server]));
  const completed = entries.map((entry): CompletedEntry<E> => {
    const server = byOrigin.get(serverOriginOf(entry) ?? "");
    const detectedStacks = entryStacks(entry, detections.get(entry) ?? [], server);
    const fixes = entryFixes(entry, server);
    return detectedStacks === entry.detectedStacks && fixes === entry.fixes ? (entry as CompletedEntry<E>) : { ...entry, detectedStacks, fixes };
  });
  return { entries: completed, servers };
}

/** A report (or any object with entries) with what the worker leaves to the reader: detected stacks, fixes, servers. */
export function completeReport<R extends { readonly entries: readonly ServerEntry[] }>(
  report: R,
): Omit<R, "entries" | "servers"> & { readonly entries: readonly CompletedEntry<R["entries"][number]>[]; readonly servers: readonly ServerReport[] } {
  const { entries, servers } = completeEntries(report.entries);
  return { ...report, entries, servers };
}
