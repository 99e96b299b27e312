// The capture's memory of recent responses a cache could hand to another origin: cross-origin GET
// answers that a cache may store and that do not vary on Origin (URL → the ACAO they carried,
// their Date, when seen), and per server the largest `Date − arrival` seen (how far its clock runs
// ahead). A later CORS request to the same URL gets the earlier response as evidence
// (ObservedExchange.earlier): the engine decides whether its answer is that stored response.
//
// Constant work per event: one pass over the response headers of a cross-origin GET, one Map
// lookup or insertion; bounded (oldest entries dropped first). In memory only: a worker stop
// loses it, and the only loss is that evidence for requests made after the stop.
import type { EarlierResponse } from "../engine/types";
import { redactUrl } from "../report/redact";
import type { HeadersReceivedDetails } from "./webrequest-types";

/** URLs remembered; the oldest is dropped first. */
export const MEMORY_URLS = 256;
/** Servers whose clock is remembered. */
export const MEMORY_SERVERS = 64;
/** Longer URLs (a page can make them megabytes long) are not remembered. */
const MAX_URL_LENGTH = 2_048;

interface Scanned {
  date: string | null;
  allowOrigin: string | null;
  cacheControl: string | null;
  validator: boolean;
  varyOrigin: boolean;
  hopByHop: boolean;
}

function scan(details: HeadersReceivedDetails): Scanned {
  const found: Scanned = { date: null, allowOrigin: null, cacheControl: null, validator: false, varyOrigin: false, hopByHop: false };
  for (const header of details.responseHeaders ?? []) {
    const name = header.name.toLowerCase();
    const value = header.value ?? "";
    if (name === "date") found.date = value;
    else if (name === "access-control-allow-origin") found.allowOrigin = value;
    else if (name === "cache-control") found.cacheControl = value;
    else if (name === "etag" || name === "last-modified" || name === "expires") found.validator = true;
    else if (name === "vary") found.varyOrigin ||= /(^|,)\s*(origin|\*)\s*(,|$)/i.test(value);
    else if (name === "connection" || name === "keep-alive" || name === "transfer-encoding") found.hopByHop = true;
  }
  return found;
}

/** The same rule as the engine's storable(), on the scanned fields. */
function storable(found: Scanned): boolean {
  const cacheControl = (found.cacheControl ?? "").toLowerCase();
  if (cacheControl.includes("no-store")) return false;
  return /(max-age|s-maxage)\s*=\s*"?[1-9]|public|immutable|no-cache/.test(cacheControl) || found.validator;
}

/** "https://host:port" of an absolute http(s) URL, without parsing it. */
function serverOf(url: string): string {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  return slash === -1 ? url : url.slice(0, slash);
}

export class ResponseMemory {
  private readonly byUrl = new Map<string, EarlierResponse>();
  private readonly skewByServer = new Map<string, number>();
  /** The last Date seen per server: the same Date seen later cannot raise the skew, so it is not parsed again. */
  private readonly lastDate = new Map<string, string>();

  /** A response's headers arrived; `requestOrigin` is the Origin its request carried (null: none). */
  observe(details: HeadersReceivedDetails, requestOrigin: string | null): void {
    if (details.method !== "GET" || details.statusCode !== 200 || details.url.length > MAX_URL_LENGTH) return;
    const found = scan(details);
    if (found.date !== null) this.noteClock(details, found.date);
    if (found.varyOrigin || !storable(found)) return;
    // Keyed as the exchange's URL is kept: redacted (tokens in the query never stay here either).
    const url = redactUrl(details.url);
    const known = this.byUrl.get(url);
    // The same stored response handed out again: keep when it was first seen.
    if (known && known.date === found.date && known.allowOrigin === found.allowOrigin) return;
    if (known) this.byUrl.delete(url);
    else if (this.byUrl.size >= MEMORY_URLS) this.dropOldest(this.byUrl);
    this.byUrl.set(url, {
      seenAt: details.timeStamp,
      status: details.statusCode,
      requestOrigin,
      allowOrigin: found.allowOrigin,
      date: found.date,
      cacheControl: (found.cacheControl ?? "").slice(0, 200),
      hopByHop: found.hopByHop,
      resourceType: details.type,
    });
  }

  /** The evidence for a request to `url` (redacted) that started at `startedAt`: an earlier response, and the server's clock. */
  evidenceFor(url: string, startedAt: number): { earlier?: EarlierResponse; serverDateSkew?: number } {
    const earlier = this.byUrl.get(url);
    const skew = this.skewByServer.get(serverOf(url));
    return {
      ...(earlier !== undefined && earlier.seenAt <= startedAt ? { earlier } : {}),
      ...(skew !== undefined ? { serverDateSkew: skew } : {}),
    };
  }

  get size(): number {
    return this.byUrl.size;
  }

  /** The largest Date − arrival: a stored response only lowers it, a fresh one sets it. */
  private noteClock(details: HeadersReceivedDetails, date: string): void {
    const server = serverOf(details.url);
    if (this.lastDate.get(server) === date) return;
    if (!this.lastDate.has(server) && this.lastDate.size >= MEMORY_SERVERS) this.dropOldest(this.lastDate);
    this.lastDate.set(server, date);
    const sent = Date.parse(date);
    if (Number.isNaN(sent)) return;
    // Date has whole seconds: a fresh answer's Date is up to 1 s behind its arrival.
    const skew = sent + 1_000 - details.timeStamp;
    const known = this.skewByServer.get(server);
    if (known !== undefined && known >= skew) return;
    if (known === undefined && this.skewByServer.size >= MEMORY_SERVERS) this.dropOldest(this.skewByServer);
    this.skewByServer.set(server, skew);
  }

  private dropOldest(map: Map<string, unknown>): void {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
