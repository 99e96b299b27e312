// The popup's summary of one tab's entries: counts per failure, origins, the latest failure. A
// failure is named as the browser that saw it names it: in Firefox by Firefox's reason (MDN's
// key), with the Chromium codes of the same entries beside it, as the panel does.
import { originOf, type DiagnosedEntry } from "../shared/report";

export interface FailureGroup {
  /** Chromium's code, or in Firefox Firefox's reason key. */
  readonly code: string;
  /** In Firefox: the Chromium codes of the group's entries, sorted; absent in Chromium. */
  readonly chromiumCodes?: readonly string[];
  /** Title of the most recent entry with this code. */
  readonly title: string;
  readonly count: number;
}

export interface TabDigest {
  readonly total: number;
  readonly blocked: number;
  /** Most frequent first. */
  readonly failures: readonly FailureGroup[];
  /** Servers that refused, sorted. */
  readonly serverOrigins: readonly string[];
  /** Pages that made the blocked requests, sorted. */
  readonly pageOrigins: readonly string[];
  readonly latestBlocked: DiagnosedEntry | null;
}

export function digest(entries: readonly DiagnosedEntry[]): TabDigest {
  const groups = new Map<string, { title: string; count: number; latest: number; chromium?: Set<string> }>();
  const servers = new Set<string>();
  const pages = new Set<string>();
  let latestBlocked: DiagnosedEntry | null = null;
  let blocked = 0;
  for (const entry of entries) {
    if (!entry.blocked) continue;
    blocked++;
    const firefox = entry.diagnosis.browser === "firefox" ? entry.diagnosis.firefoxReason : null;
    const code = firefox?.key ?? entry.diagnosis.code ?? "Unknown";
    const group = groups.get(code);
    const chromium = firefox ? new Set(entry.diagnosis.code ? [entry.diagnosis.code] : []) : undefined;
    if (!group) groups.set(code, { title: entry.diagnosis.title, count: 1, latest: entry.startedAt, ...(chromium ? { chromium } : {}) });
    else {
      if (entry.diagnosis.code && group.chromium) group.chromium.add(entry.diagnosis.code);
      group.count++;
      if (entry.startedAt >= group.latest) {
        group.latest = entry.startedAt;
        group.title = entry.diagnosis.title;
      }
    }
    const server = originOf(entry.finalUrl || entry.url);
    if (server) servers.add(server);
    if (entry.initiator) pages.add(entry.initiator);
    if (!latestBlocked || entry.startedAt >= latestBlocked.startedAt) latestBlocked = entry;
  }
  const failures = [...groups.entries()]
    .map(([code, group]) => ({ code, title: group.title, count: group.count, ...(group.chromium ? { chromiumCodes: [...group.chromium].sort() } : {}) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    total: entries.length,
    blocked,
    failures,
    serverOrigins: [...servers].sort(),
    pageOrigins: [...pages].sort(),
    latestBlocked,
  };
}
