// Turns stored entries into the public report (docs/report-format.md) with the one assembly of
// src/report/entry.ts. The engine is pure and deterministic, so diagnoses are computed when asked
// for, not kept in storage. Fixes are the server's, computed from every entry to it by the reader
// (src/fixes/servers.ts: the panel, its export, the demo): the worker sends `DiagnosedEntry`s,
// which carry no fixes, and this keeps the fix library out of the worker's bundle.
import { diagnosedReport, toDiagnosedEntry } from "../report/entry";
import type { DiagnosedEntry, DiagnosedReport } from "../shared/report";
import type { StoredEntry } from "./store";

// Entries are immutable once stored, so their report form is computed once.
const cache = new WeakMap<StoredEntry, DiagnosedEntry>();

export function buildReport(entries: readonly StoredEntry[], now: number): DiagnosedReport {
  return diagnosedReport(entries.map(toReportEntry), now);
}

export function toReportEntry(entry: StoredEntry): DiagnosedEntry {
  const cached = cache.get(entry);
  if (cached) return cached;
  const built = toDiagnosedEntry(entry.exchange, { id: `r${entry.id}`, tabId: entry.tabId, startedAt: entry.startedAt });
  cache.set(entry, built);
  return built;
}
