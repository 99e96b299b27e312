// The filter box, as DevTools' Network filter reads it: free text plus `key:value` terms
// (`code:`, `status:`, `method:`, `domain:`), each negated by a leading `-`. Pure, table-tested.
import type { DiagnosedEntry } from "../shared/report";
import { domainOf, statusOf } from "./format";

export const FILTER_KEYS = ["code", "status", "method", "domain"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface FilterTerm {
  readonly key: FilterKey;
  readonly value: string;
  readonly negated: boolean;
}

export interface ParsedFilter {
  readonly terms: readonly FilterTerm[];
  /** What is left once the terms are taken out, matched as a substring of the row's fields. */
  readonly text: string;
}

const TERM = /^(-?)(code|status|method|domain):(.+)$/i;

export function parseFilter(input: string): ParsedFilter {
  const terms: FilterTerm[] = [];
  const words: string[] = [];
  for (const word of input.trim().split(/\s+/)) {
    if (word === "") continue;
    const match = TERM.exec(word);
    if (match) terms.push({ negated: match[1] === "-", key: match[2]!.toLowerCase() as FilterKey, value: match[3]! });
    else words.push(word);
  }
  return { terms, text: words.join(" ") };
}

function glob(pattern: string): RegExp {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  return new RegExp(`^${source}$`, "i");
}

function termMatches(entry: DiagnosedEntry, term: FilterTerm): boolean {
  const value = term.value.toLowerCase();
  switch (term.key) {
    case "code":
      return (entry.diagnosis.code ?? "").toLowerCase().includes(value);
    case "status": {
      const status = statusOf(entry);
      return value === "failed" ? status.value === 0 : String(status.value) === value;
    }
    case "method":
      return entry.method.toLowerCase() === value;
    case "domain": {
      const host = domainOf(entry.url).toLowerCase();
      return value.includes("*") ? glob(value).test(host) : host.includes(value);
    }
  }
}

export function matchesText(entry: DiagnosedEntry, needle: string): boolean {
  if (needle === "") return true;
  const lower = needle.toLowerCase();
  const d = entry.diagnosis;
  return [entry.url, entry.finalUrl, entry.method, entry.resourceType, d.title, d.code ?? "", d.failedParameter ?? "", entry.initiator ?? ""].some(
    (field) => field.toLowerCase().includes(lower),
  );
}

/** True when the entry passes every term (a negated one: fails it) and contains the free text. */
export function matchesFilter(entry: DiagnosedEntry, filter: ParsedFilter): boolean {
  for (const term of filter.terms) if (termMatches(entry, term) === term.negated) return false;
  return matchesText(entry, filter.text);
}
