// Small display helpers shared by the panel and the popup. Output is plain text.
import type { ReportEntry } from "../shared/report";

/** "api.example.com/v1/items?x=1" from a full URL; the input itself when it does not parse. */
export function hostAndPath(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") {
      return `${parsed.host}${parsed.pathname}${parsed.search}`;
    }
    return url;
  } catch {
    return url;
  }
}

/** The origin of a URL, or null when it has none. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Local wall-clock time with milliseconds, as the Network panel shows it. */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export type EntryStatus = "blocked" | "allowed" | "other";

export function entryStatus(entry: ReportEntry): EntryStatus {
  if (entry.blocked) return "blocked";
  return entry.diagnosis.verdict === "allowed" ? "allowed" : "other";
}

/** The short failure label of a row: the title, or the verdict for entries that passed. */
export function shortTitle(entry: ReportEntry): string {
  if (entry.diagnosis.title) return entry.diagnosis.title;
  return entry.blocked ? "Blocked" : "Allowed";
}

/** One-line fix for summaries: the first stack fix's title, or the engine's generic fix. */
export function oneLineFix(entry: ReportEntry): string | null {
  const first = entry.fixes[0];
  if (first) return `${first.title}: ${first.where}`;
  return entry.diagnosis.genericFix;
}
