// Which entries of a HAR make one logical request: a preflight with the request it was sent for,
// and the redirect hops of one request. A HAR writes each of them as an entry of its own and
// links none of them (Chrome's preflight `_initiator.requestId` names an id no entry carries), so
// they are joined by what the browser put in them:
// - a preflight (an OPTIONS with Access-Control-Request-Method; Chrome: `_resourceType:
//   "preflight"`) belongs to a request to the same URL with the method it asked for, the nearest in
//   time; Chrome and Firefox start the request before its preflight, so the nearest one before it
//   wins a tie, and a request whose headers the preflight did not ask for loses to one whose
//   headers it did (parallel requests to one URL);
// - a 3xx whose redirectURL (or Location) is another entry's URL continues as that entry: the
//   first later one with the same method, or GET (a 303, or a POST after a 301/302).
import type { EntryView } from "./entries";
import { getHeader, splitList } from "../engine/headers";

/** One logical request: its hops first to last, and the preflight sent before each hop, if any. */
export interface Chain {
  readonly hops: readonly EntryView[];
  readonly preflights: readonly (EntryView | undefined)[];
}

export interface Joined {
  readonly chains: readonly Chain[];
  /** Preflights whose request is not in the file. */
  readonly orphanPreflights: readonly EntryView[];
}

/** How far (in entries of the same URL) to look for a preflight's request or a redirect's next hop. */
const NEIGHBOURHOOD = 48;
/** A preflight and its request start within this many milliseconds of each other. */
const PAIRING_WINDOW_MS = 120_000;

export function joinEntries(entries: readonly EntryView[]): Joined {
  const requests = entries.filter((entry) => entry.preflightFor === undefined);
  const preflights = entries.filter((entry) => entry.preflightFor !== undefined);
  const { paired, orphans } = pairPreflights(requests, preflights);
  const next = chainRedirects(requests);
  const successors = new Set([...next.values()].map((entry) => entry.index));
  const chains: Chain[] = [];
  for (const head of requests) {
    if (successors.has(head.index)) continue;
    const hops: EntryView[] = [head];
    for (let hop = next.get(head.index); hop !== undefined; hop = next.get(hop.index)) hops.push(hop);
    chains.push({ hops, preflights: hops.map((hop) => paired.get(hop.index)) });
  }
  return { chains, orphanPreflights: orphans };
}

function pairingKey(url: string, method: string): string {
  return `${method.toUpperCase()} ${url}`;
}

function pairPreflights(requests: readonly EntryView[], preflights: readonly EntryView[]): { paired: Map<number, EntryView>; orphans: EntryView[] } {
  const byKey = groupBy(requests, (entry) => pairingKey(entry.rawUrl, entry.method));
  const paired = new Map<number, EntryView>();
  const orphans: EntryView[] = [];
  for (const preflight of preflights) {
    const candidates = byKey.get(pairingKey(preflight.rawUrl, preflight.preflightFor ?? "")) ?? [];
    const asked = requestedNames(preflight);
    let best: EntryView | undefined;
    let bestCost = Infinity;
    for (const candidate of around(candidates, preflight.index)) {
      if (paired.has(candidate.index)) continue;
      const cost = pairingCost(candidate, preflight, asked);
      if (cost < bestCost) {
        best = candidate;
        bestCost = cost;
      }
    }
    if (best) paired.set(best.index, preflight);
    else orphans.push(preflight);
  }
  return { paired, orphans };
}

function pairingCost(candidate: EntryView, preflight: EntryView, asked: readonly string[]): number {
  const gap = preflight.startedAt - candidate.startedAt;
  if (Math.abs(gap) > PAIRING_WINDOW_MS) return Infinity;
  // The request starts first: a request after its preflight pays a little, an unrelated one a lot.
  const order = candidate.index < preflight.index ? 0 : 0.5;
  const names = new Set(candidate.requestHeaders.map((header) => header.name.toLowerCase()));
  const fits = candidate.requestHeaders.length === 0 || asked.every((name) => names.has(name));
  return Math.abs(gap) + order + Math.abs(candidate.index - preflight.index) * 0.001 + (fits ? 0 : 1e9);
}

function requestedNames(preflight: EntryView): string[] {
  const value = getHeader(preflight.requestHeaders, "Access-Control-Request-Headers");
  return value === null ? [] : splitList(value).map((name) => name.toLowerCase());
}

function chainRedirects(requests: readonly EntryView[]): Map<number, EntryView> {
  const byUrl = groupBy(requests, (entry) => entry.rawUrl);
  const next = new Map<number, EntryView>();
  const claimed = new Set<number>();
  for (const hop of requests) {
    // Chrome marks a redirect it refused (`_error` on the 3xx): nothing followed it.
    if (hop.status < 300 || hop.status >= 400 || hop.rawRedirect === "" || hop.error !== undefined) continue;
    const sameUrl = byUrl.get(hop.rawRedirect) ?? [];
    const first = lowerBound(sameUrl, hop.index + 1);
    const successor = sameUrl
      .slice(first, first + NEIGHBOURHOOD)
      .find((entry) => !claimed.has(entry.index) && (entry.method === hop.method || entry.method === "GET"));
    if (!successor) continue;
    next.set(hop.index, successor);
    claimed.add(successor.index);
  }
  return next;
}

/** The entries of a list sorted by index that are nearest to `index`, at most NEIGHBOURHOOD on each side. */
function around(sorted: readonly EntryView[], index: number): EntryView[] {
  const at = lowerBound(sorted, index);
  return sorted.slice(Math.max(0, at - NEIGHBOURHOOD), at + NEIGHBOURHOOD);
}

/** The position of the first entry whose index is at least `index`, in a list sorted by index. */
function lowerBound(sorted: readonly EntryView[], index: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]!.index < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

function groupBy(entries: readonly EntryView[], key: (entry: EntryView) => string): Map<string, EntryView[]> {
  const groups = new Map<string, EntryView[]>();
  for (const entry of entries) {
    const name = key(entry);
    const group = groups.get(name);
    if (group) group.push(entry);
    else groups.set(name, [entry]);
  }
  return groups;
}
