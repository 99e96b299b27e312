// The request's context menu, as in DevTools' Network panel: what each item copies. Pure.
import type { DiagnosedEntry, ReportEntry } from "../shared/report";
import { requestCurl, preflightCurl } from "./curl";
import { entryMarkdown } from "./export";
import { fetchSnippet } from "./fetch-snippet";

export interface CopyItem {
  readonly id: "url" | "curl" | "fetch" | "fix" | "markdown";
  readonly label: string;
  /** null: nothing to copy for this entry (the item is shown disabled). */
  readonly text: string | null;
}

function fixText(entry: ReportEntry): string | null {
  const fix = entry.fixes[0];
  if (fix) return fix.snippet;
  return entry.blocked ? entry.diagnosis.genericFix : null;
}

/** `completed`: the entry with its fixes, null while the fix library loads (the fix and Markdown items wait). */
export function copyItems(entry: DiagnosedEntry, completed: ReportEntry | null): CopyItem[] {
  const fix = completed?.fixes[0];
  const preflight = preflightCurl(entry);
  const curl = preflight ? `${preflight.command}\n\n${requestCurl(entry).command}` : requestCurl(entry).command;
  return [
    { id: "url", label: "Copy URL", text: entry.url },
    { id: "curl", label: preflight ? "Copy as cURL (preflight and request)" : "Copy as cURL", text: curl },
    { id: "fetch", label: "Copy as fetch", text: fetchSnippet(entry) },
    { id: "fix", label: fix ? `Copy fix (${fix.title})` : "Copy fix", text: completed ? fixText(completed) : null },
    { id: "markdown", label: "Copy as Markdown", text: completed ? entryMarkdown(completed) : null },
  ];
}
