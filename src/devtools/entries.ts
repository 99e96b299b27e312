// What the DevTools observer knows of one entry of DevTools' log (its URL, its redirect, whether it is
// a preflight, its shape so far) and of the chains entries make: which hops wait for the next one,
// which came after their chain was read, and the recent entries of one request. Pure functions.

/** One entry handed over, in the order it came. */
export interface Item {
  readonly seq: number;
  readonly entry: unknown;
  readonly at: number;
  /** Taken again from DevTools' whole log already. */
  readonly rechecked?: true;
}

/** Where a hop's redirect points; a preflight's 3xx is a failure, never followed. */
export function redirectTarget(entry: unknown): string | undefined {
  if (isPreflight(entry)) return undefined;
  const next = field(field(entry, "response"), "redirectURL");
  return typeof next === "string" && next !== "" ? next : undefined;
}

/**
 * The items that wait for the next flush: a redirect hop whose next hop has not finished yet (for
 * hopWaitMs at most), with the earlier hops of its chain and the preflights of its URLs.
 */
export function waitingHops(items: readonly Item[], now: number, recentUrls: ReadonlySet<unknown>, hopWaitMs: number): Set<Item> {
  const urls = new Set([...items.map((item) => requestUrl(item.entry)), ...recentUrls]);
  const waiting = new Set(items.filter((item) => {
    const next = redirectTarget(item.entry);
    return next !== undefined && !urls.has(next) && now - item.at < hopWaitMs;
  }));
  let grew = waiting.size > 0;
  while (grew) {
    grew = false;
    const waitingUrls = new Set([...waiting].map((item) => requestUrl(item.entry)));
    for (const item of items) {
      if (waiting.has(item)) continue;
      const target = redirectTarget(item.entry);
      if ((target !== undefined && waitingUrls.has(target)) || (isPreflight(item.entry) && waitingUrls.has(requestUrl(item.entry)))) {
        waiting.add(item);
        grew = true;
      }
    }
  }
  return waiting;
}

/** Hops whose neighbour in the chain was delivered in an earlier flush (and is not in this one). */
export function lateHops(batch: readonly Item[], recent: readonly Item[]): Set<Item> {
  const batchUrls = new Set(batch.map((item) => requestUrl(item.entry)));
  const batchTargets = new Set(batch.map((item) => redirectTarget(item.entry)));
  const recentUrls = new Set(recent.map((item) => requestUrl(item.entry)));
  const recentTargets = new Set(recent.map((item) => redirectTarget(item.entry)));
  return new Set(
    batch.filter((item) => {
      const target = redirectTarget(item.entry);
      const url = requestUrl(item.entry);
      return (target !== undefined && recentUrls.has(target) && !batchUrls.has(target)) || (recentTargets.has(url as string) && !batchTargets.has(url as string));
    }),
  );
}

/** The recent entries of `item`'s request: its hops (by redirectURL, both ways) and those of its URLs. */
export function chainOf<T extends Item>(item: Item, recent: readonly T[]): T[] {
  const urls = new Set<unknown>([requestUrl(item.entry), redirectTarget(item.entry)]);
  const chain = new Set<T>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of recent) {
      if (chain.has(candidate)) continue;
      const target = redirectTarget(candidate.entry);
      if (urls.has(requestUrl(candidate.entry)) || (target !== undefined && urls.has(target))) {
        chain.add(candidate);
        urls.add(requestUrl(candidate.entry));
        if (target !== undefined) urls.add(target);
        grew = true;
      }
    }
  }
  return [...chain];
}

export function field(x: unknown, key: string): unknown {
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>)[key] : undefined;
}

export function requestUrl(entry: unknown): unknown {
  return field(field(entry, "request"), "url");
}

/** Chrome types preflights; Firefox's entries have no type: an OPTIONS with Access-Control-Request-Method. */
export function isPreflight(entry: unknown): boolean {
  const type = field(entry, "_resourceType");
  if (type !== undefined) return type === "preflight";
  const request = field(entry, "request");
  const headers = field(request, "headers");
  return (
    field(request, "method") === "OPTIONS" &&
    Array.isArray(headers) &&
    headers.some((header) => String(field(header, "name")).toLowerCase() === "access-control-request-method")
  );
}

/** What an entry has so far: its status and how many headers each side has. */
export function shapeOf(entry: unknown): string {
  const request = field(field(entry, "request"), "headers");
  const response = field(entry, "response");
  const headers = field(response, "headers");
  return `${String(field(response, "status"))} ${Array.isArray(request) ? request.length : -1} ${Array.isArray(headers) ? headers.length : -1} ${String(field(response, "_error"))}`;
}

/** Chrome's record of a GET refused without being sent and without a preflight: status 0, no response headers, net::ERR_FAILED. */
export function unsentRefusal(entry: unknown): boolean {
  const response = field(entry, "response");
  const headers = field(response, "headers");
  return field(field(entry, "request"), "method") === "GET" && field(response, "status") === 0 && Array.isArray(headers) && headers.length === 0 && field(response, "_error") === "net::ERR_FAILED";
}

/** A request to another origin than the page that made it (by its Referer, or by its Origin header). */
export function crossOrigin(entry: unknown): boolean {
  const url = requestUrl(entry);
  const headers = field(field(entry, "request"), "headers");
  if (typeof url !== "string" || !Array.isArray(headers)) return false;
  const header = (name: string): string | undefined => {
    const found = headers.find((h) => String(field(h, "name")).toLowerCase() === name);
    return found === undefined ? undefined : String(field(found, "value"));
  };
  if (header("origin") !== undefined) return true;
  const referer = header("referer");
  try {
    return referer !== undefined && new URL(referer).origin !== new URL(url).origin;
  } catch {
    return false;
  }
}

/** The same request in two copies of DevTools' log: start time, method and URL. */
export function sameRequest(a: unknown, b: unknown): boolean {
  const ra = field(a, "request");
  const rb = field(b, "request");
  return (
    field(a, "startedDateTime") === field(b, "startedDateTime") &&
    field(ra, "method") === field(rb, "method") &&
    field(ra, "url") === field(rb, "url") &&
    field(a, "_resourceType") === field(b, "_resourceType")
  );
}
