// Pairing: which events belong to one logical request.
// - A preflight is a request of its own (method OPTIONS, its own requestId) that shares the actual
//   request's tab, frame, document and URL, and names its method in Access-Control-Request-Method:
//   it waits here, under that key, until its actual request sends headers (or fails without).
// - In Firefox the order is the other way round (docs/firefox.md): the actual request's onSendHeaders
//   comes first, then its preflight's; the request waits for its preflight instead
//   (RequestsAwaitingPreflight), and the preflight, once paired, still receives its own events.
// - A followed redirect shows as onHeadersReceived (3xx) then a new onSendHeaders on the same
//   requestId with the new URL: the 3xx answer becomes one of the request's redirect hops. A
//   preflight the browser sends to the new URL (a request that is not simple, redirected to another
//   origin) arrives between the two and belongs to that hop; when it fails, the request ends on the
//   new URL without an onSendHeaders for it.
import type { HeaderField } from "../engine/types";
import { locationOf, mergeNames, type InFlightRequest, type PendingPreflight } from "./exchanges";
import { redactUrl } from "../report/redact";

/** Preflights older than this are no longer paired (Chromium's own preflight timeout is shorter). */
export const PREFLIGHT_PAIRING_WINDOW_MS = 60_000;
/** Bounds memory when preflights are never claimed. */
export const MAX_PENDING_PREFLIGHTS = 1_000;

export function pairingKey(tabId: number, url: string, method: string): string {
  return `${tabId}|${method}|${url}`;
}

/** Preflights waiting for their actual request, by id and by pairing key (oldest first). */
export class PreflightPairing {
  private readonly byId = new Map<string, PendingPreflight>();
  private readonly byKey = new Map<string, PendingPreflight[]>();

  /** `dirty`: a preflight's in-flight state changed or it is gone; persist that soon. */
  constructor(private readonly dirty: (id: string) => void) {}

  get(id: string): PendingPreflight | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): PendingPreflight[] {
    return [...this.byId.values()];
  }

  /** Lets `pending` wait for its actual request (or, already paired in Firefox's order, its own events). */
  add(pending: PendingPreflight): void {
    this.byId.set(pending.requestId, pending);
    if (pending.pairedWith !== undefined) return;
    const list = this.byKey.get(pending.key);
    if (list) list.push(pending);
    else this.byKey.set(pending.key, [pending]);
  }

  /** The oldest waiting preflight for this request; with headers known, one that asked for them. */
  take(tabId: number, url: string, method: string, headers: readonly HeaderField[] | undefined): PendingPreflight | undefined {
    const key = pairingKey(tabId, url, method);
    const list = this.byKey.get(key);
    if (!list || list.length === 0) return undefined;
    let index = 0;
    if (headers && list.length > 1) {
      const names = new Set(headers.map((h) => h.name.toLowerCase()));
      const match = list.findIndex((p) => p.requestedHeaders.every((h) => names.has(h)));
      if (match >= 0) index = match;
    }
    const pending = list[index];
    if (pending) this.remove(pending);
    return pending;
  }

  remove(pending: PendingPreflight): void {
    const list = this.byKey.get(pending.key);
    const index = list ? list.indexOf(pending) : -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list && list.length === 0) this.byKey.delete(pending.key);
    this.byId.delete(pending.requestId);
    this.dirty(pending.requestId);
  }

  /** Drops preflights nobody claimed within the pairing window. */
  sweep(now: number): void {
    for (const [key, list] of this.byKey) {
      const fresh = list.filter((p) => now - p.at <= PREFLIGHT_PAIRING_WINDOW_MS);
      if (fresh.length === 0) this.byKey.delete(key);
      else if (fresh.length !== list.length) this.byKey.set(key, fresh);
    }
    for (const [id, p] of this.byId) {
      if (now - p.at <= PREFLIGHT_PAIRING_WINDOW_MS) continue;
      this.byId.delete(id);
      this.dirty(id);
    }
  }

  /** Forgets the preflights of a closed tab. */
  forgetTab(tabId: number): void {
    const prefix = `${tabId}|`;
    for (const key of this.byKey.keys()) if (key.startsWith(prefix)) this.byKey.delete(key);
    for (const [id, p] of this.byId) {
      if (!p.key.startsWith(prefix)) continue;
      this.byId.delete(id);
      this.dirty(id);
    }
  }
}

/** Bounds memory when requests are never answered. */
const MAX_AWAITING = 2_000;

/**
 * Firefox's order: requests that sent their headers, waiting (by pairing key, oldest first) for a
 * preflight that may come after them. Not persisted itself: a restarted worker rebuilds it from
 * the requests in flight it restores (capture.ts, awaitAgain).
 */
export class RequestsAwaitingPreflight {
  private readonly byKey = new Map<string, string[]>();
  private readonly keyOf = new Map<string, string>();

  add(key: string, id: string): void {
    this.remove(id);
    if (this.keyOf.size >= MAX_AWAITING) {
      const oldest = this.keyOf.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.keyOf.set(id, key);
    const list = this.byKey.get(key);
    if (list) list.push(id);
    else this.byKey.set(key, [id]);
  }

  /** The oldest request waiting under `key` that `usable` accepts; it stops waiting. */
  take(key: string, usable: (id: string) => boolean): string | undefined {
    const list = this.byKey.get(key);
    const id = list?.find(usable);
    if (id !== undefined) this.remove(id);
    return id;
  }

  remove(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    this.keyOf.delete(id);
    const list = this.byKey.get(key);
    const index = list ? list.indexOf(id) : -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list && list.length === 0) this.byKey.delete(key);
  }

  get size(): number {
    return this.keyOf.size;
  }
}

/**
 * The browser followed the request's last 3xx to `nextUrl`: that answer becomes a redirect hop, with
 * the headers its request was sent with (the Origin of a later hop may be "null"; none when the
 * hop was a same-origin first hop, not kept) and `preflightAfter`, the preflight the browser sent to
 * the new URL before following, when one was waiting. False when the last answer was no 3xx.
 */
export function recordRedirectHop(request: InFlightRequest, nextUrl: string, preflightAfter?: PendingPreflight): boolean {
  const previous = request.lastResponse;
  if (!previous || previous.status < 300 || previous.status >= 400) return false;
  const hopHeaders = request.firstHopUnseen ? undefined : request.requestHeaders;
  request.firstHopUnseen = undefined;
  if (preflightAfter) mergeNames(request.redacted, preflightAfter.redacted);
  // Object.assign, not `{ ...previous, location }`: V8 copies that on a slow path.
  request.redirects.push(
    Object.assign({}, previous, {
      location: locationOf(previous) || redactUrl(nextUrl),
      ...(hopHeaders ? { requestHeaders: hopHeaders } : {}),
      ...(preflightAfter ? { preflightAfter: preflightAfter.preflight } : {}),
    }),
  );
  request.lastResponse = undefined;
  return true;
}

/**
 * Whether a request that ends on `endUrl` had followed its last 3xx: Chromium 156 reports a
 * redirect whose next hop failed before sending (its preflight failed) as onBeforeRedirect, the
 * preflight to the new URL, then onErrorOccurred with the new URL, and no onSendHeaders for it.
 */
export function endedAfterRedirect(request: InFlightRequest, endUrl: string): boolean {
  const previous = request.lastResponse;
  return previous !== undefined && previous.status >= 300 && previous.status < 400 && redactUrl(endUrl) !== previous.url;
}
