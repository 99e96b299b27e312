// Small display helpers shared by the panel and the popup. Output is plain text.
import type { DiagnosedEntry, ReportEntry } from "../shared/report";

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

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Local wall-clock time with milliseconds, as the Network panel shows it. */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

export type EntryStatus = "blocked" | "allowed" | "other";

export function entryStatus(entry: DiagnosedEntry): EntryStatus {
  if (entry.blocked) return "blocked";
  return entry.diagnosis.verdict === "allowed" ? "allowed" : "other";
}

/** The short failure label of a row: the title, or the verdict for entries that passed. */
export function shortTitle(entry: DiagnosedEntry): string {
  if (entry.diagnosis.title) return entry.diagnosis.title;
  return entry.blocked ? "Blocked" : "Allowed";
}

/** One-line fix for summaries: the first stack fix's title, or the engine's generic fix. */
export function oneLineFix(entry: ReportEntry): string | null {
  const first = entry.fixes[0];
  if (first) return `${first.title}: ${first.where}`;
  return entry.diagnosis.genericFix;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** DevTools' Name column: the last path segment and the query ("42?x=1"); the host for "/". */
export function nameOf(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return url;
    const segments = parsed.pathname.split("/");
    let last = segments.pop() ?? "";
    // "/v1/items/" is named "items/", as DevTools does.
    if (last === "" && segments.length > 1) last = `${segments.pop() ?? ""}/`;
    const name = `${safeDecode(last)}${parsed.search}`;
    return name === "" || name === "/" ? parsed.host : name;
  } catch {
    return url;
  }
}

/** The host (and port) of a URL, or "" when it has none. */
export function domainOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

export interface StatusCell {
  /** What the Status column shows: an HTTP status, "(failed)", or "(pending)" for partial records. */
  readonly text: string;
  /** The number to sort by: the status, 0 when there was no response. */
  readonly value: number;
  /** Full sentence for the tooltip. */
  readonly detail: string;
}

/** The HTTP status of the exchange that decided the outcome (the preflight's when it failed). */
export function statusOf(entry: DiagnosedEntry): StatusCell {
  const preflightStage = entry.diagnosis.stage === "preflight" && entry.preflight !== null;
  const exchange = preflightStage ? entry.preflight : (entry.response ?? null);
  const status = exchange?.status ?? 0;
  const error = (preflightStage ? entry.preflight?.error : undefined) ?? entry.error ?? undefined;
  if (status > 0) {
    const which = preflightStage ? "The preflight (OPTIONS)" : "The server";
    return { text: preflightStage ? `${status} preflight` : String(status), value: status, detail: `${which} answered ${status}.` };
  }
  const lastRedirect = entry.redirects.at(-1);
  if (lastRedirect && !entry.response) {
    return { text: String(lastRedirect.status), value: lastRedirect.status, detail: `The last answer was a ${lastRedirect.status} redirect.` };
  }
  return { text: "(failed)", value: 0, detail: error ? `No response: ${error}.` : "No response was observed." };
}
