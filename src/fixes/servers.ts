// The server as the unit: report entries grouped by the server origin they were sent to, each
// server's policy computed from all of its requests, and one set of fixes per server that every
// blocked entry to it shares. Pure; run where a report or the panel reads entries.
import type { HeaderList } from "../engine/types";
import type { Report, ReportEntry } from "../shared/report";
import { headerValues } from "./headers";
import { buildFixesForPolicy, detectStacks } from "./index";
import { detectLayers, type LayerDetection } from "./layers";
import { redirectAdviceFix } from "./redirect-advice";
import { serverPolicy, type PolicyObservation, type ServerPolicy } from "./policy";
import type { Fix, StackDetection } from "./types";

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

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.origin === "null" ? null : parsed.origin;
  } catch {
    return null;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname || "/";
  } catch {
    return "/";
  }
}

/** The server an entry was sent to: the failing URL's origin (after redirects), else the request's. */
export function serverOriginOf(entry: ReportEntry): string | null {
  return entry.diagnosis.requirements?.serverOrigin || originOf(entry.response?.url ?? entry.finalUrl) || originOf(entry.url);
}

/** The response headers that decided the entry (the preflight's when it failed there). */
export function decidingHeaders(entry: ReportEntry): HeaderList {
  if (entry.diagnosis.stage === "preflight" && entry.preflight) return entry.preflight.responseHeaders;
  return entry.response?.responseHeaders ?? entry.preflight?.responseHeaders ?? [];
}

function requestHeaderValue(entry: ReportEntry, name: string): string | undefined {
  return headerValues(entry.request.headers, name)[0] ?? (entry.preflight ? headerValues(entry.preflight.requestHeaders, name)[0] : undefined);
}

/** Evidence that the request carried credentials, strongest first; undefined when none. */
export function credentialsEvidence(entry: ReportEntry): string | undefined {
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
export function observationOf(entry: ReportEntry): PolicyObservation {
  const requirements = entry.diagnosis.requirements;
  const evidence = credentialsEvidence(entry);
  const preflightHeaders = entry.preflight ? entry.preflight.requestHeaders : [];
  const requested = headerValues(preflightHeaders, "access-control-request-headers").flatMap((value) => value.split(","));
  const origin = requirements?.origin ?? requestHeaderValue(entry, "origin") ?? entry.initiator;
  return {
    id: entry.id,
    method: requirements?.methods[0] ?? headerValues(preflightHeaders, "access-control-request-method")[0] ?? entry.method,
    path: requirements?.path || pathOf(entry.finalUrl),
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

/** Detected stacks for a server: from every response it sent, most specific first, each once. */
function serverStacks(entries: readonly ReportEntry[]): { stacks: StackDetection[]; layers: LayerDetection | null } {
  const seen = new Map<string, StackDetection>();
  let layers: LayerDetection | null = null;
  for (const entry of entries) {
    for (const headers of [decidingHeaders(entry), entry.response?.responseHeaders ?? []]) {
      if (headers.length === 0) continue;
      const detected = detectStacks(headers);
      for (const detection of detected) if (!seen.has(detection.stack)) seen.set(detection.stack, detection);
      const found = detectLayers(headers, detected.map((detection) => detection.stack));
      if (found && (!layers || (found.duplicateAllowOrigin && !layers.duplicateAllowOrigin) || (found.app && !layers.app))) layers = found;
    }
  }
  return { stacks: [...seen.values()], layers };
}

/** The CORS entries grouped by the server they were sent to (cheap: no policy, no fixes). */
export function serverGroups(entries: readonly ReportEntry[]): Map<string, ReportEntry[]> {
  const groups = new Map<string, ReportEntry[]>();
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

/** Groups entries by server and computes each server's policy and fixes. */
export function serverReports(entries: readonly ReportEntry[]): ServerReport[] {
  return [...serverGroups(entries)].map(([origin, group]) => {
    const policy = serverPolicy(origin, group.map(observationOf));
    const { stacks, layers } = serverStacks(group);
    const anyBlocked = group.some((entry) => entry.blocked && entry.diagnosis.requirements);
    const firstBlocked = group.find((entry) => entry.blocked && entry.diagnosis.requirements);
    const fixes = anyBlocked && firstBlocked?.diagnosis.requirements
      ? buildFixesForPolicy(policy, {
          detected: stacks.map((detection) => detection.stack),
          ...(layers ? { layers } : {}),
          requirements: firstBlocked.diagnosis.requirements,
          ...(firstBlocked.diagnosis.code ? { code: firstBlocked.diagnosis.code } : {}),
        })
      : [];
    return {
      origin,
      entries: group.map((entry) => entry.id),
      pageOrigins: policy.origins.map((part) => part.value),
      policy,
      detectedStacks: stacks,
      layers,
      fixes,
    };
  });
}

export interface CompletedEntries {
  /** The entries, each blocked one with its server's fixes and every one with its detected stacks. */
  readonly entries: readonly ReportEntry[];
  readonly servers: readonly ServerReport[];
}

/**
 * Fills what the worker leaves to the reader: `detectedStacks` and, for blocked entries, `fixes`
 * (their server's). Entries that already carry fixes keep them.
 */
export function completeEntries(entries: readonly ReportEntry[]): CompletedEntries {
  const servers = serverReports(entries);
  const byOrigin = new Map(servers.map((server) => [server.origin, server]));
  const completed = entries.map((entry) => {
    const server = byOrigin.get(serverOriginOf(entry) ?? "");
    const own = entry.detectedStacks.length > 0 ? entry.detectedStacks : detectStacks(decidingHeaders(entry));
    // Behind a proxy, the layer that should own CORS comes first, so its fix is offered first.
    const owner = server?.layers?.owner;
    const detectedStacks = owner && own.some((detection) => detection.stack === owner) && own[0]?.stack !== owner
      ? [...own].sort((a, b) => Number(b.stack === owner) - Number(a.stack === owner))
      : own;
    const requirements = entry.diagnosis.requirements;
    const serverFixes = server?.fixes ?? [];
    // A redirect failure is fixed where the redirect is first: that advice comes before the server's fixes.
    const advice = requirements ? redirectAdviceFix({ requirements, responseHeaders: [] }) : undefined;
    const fixes = entry.fixes.length > 0 || !entry.blocked || !requirements ? entry.fixes : advice ? [advice, ...serverFixes] : serverFixes;
    return detectedStacks === entry.detectedStacks && fixes === entry.fixes ? entry : { ...entry, detectedStacks, fixes };
  });
  return { entries: completed, servers };
}

/** The report with what the worker leaves to the reader: detected stacks, fixes, servers. */
export function completeReport(report: Report): Report {
  const { entries, servers } = completeEntries(report.entries);
  return { ...report, entries, servers };
}

/**
 * The compact form for export: every server's policy and fixes once, entries without repeated
 * fixes (`fixesPerServer: true`). A blocked entry's fixes are those of the server listing its id.
 */
export function compactReport(report: Report): Report {
  const servers = report.servers ?? completeEntries(report.entries).servers;
  return {
    ...report,
    entries: report.entries.map((entry) => (entry.fixes.length === 0 ? entry : { ...entry, fixes: [] })),
    servers,
    fixesPerServer: true,
  };
}
