// The credentials witness's background half (Firefox build; docs/firefox.md): what the page's own
// fetch and XHR calls said of their credentials mode, matched with the exchange they made
// (same tab, frame, URL and method; oldest first), whichever of the two arrives first. A report
// is page data, not proof: it can only mislead the page's own diagnosis. Pure: the background
// gives it the store and the clock, and persists the reports still waiting (persistence.ts).
import type { CredentialsWitness, ObservedExchange } from "../engine/types";
import type { CredentialsHint } from "../shared/messages";
import { redactUrl } from "../report/redact";

/** A report and its exchange pair only when they are this close in time. */
export const HINT_WINDOW_MS = 60_000;
/** Reports waiting for their exchange, across all tabs. */
export const MAX_PENDING_HINTS = 500;
/** Reports taken per tab and second; a page flooding more gets the rest dropped. */
export const MAX_HINTS_PER_TAB_SECOND = 200;

/** A report waiting for its exchange (plain data: persisted as it is). */
export interface PendingHint {
  readonly id: string;
  readonly tabId: number;
  readonly frameId: number;
  /** Redacted on arrival, as every URL the capture keeps. */
  readonly url: string;
  readonly method: string;
  readonly witness: CredentialsWitness;
  readonly at: number;
}

/** What the matching needs of an exchange (a finished request, or a stored entry). */
export interface WitnessTarget {
  readonly tabId: number;
  readonly frameId?: number;
  readonly startedAt: number;
  readonly exchange: ObservedExchange;
}

export function hintKey(tabId: number, url: string, method: string): string {
  return `${tabId}|${method}|${url}`;
}

/** The report as kept: URL redacted, the sender's tab and frame (the browser's word, not the page's). */
export function pendingHint(hint: CredentialsHint, tabId: number, frameId: number, at: number, id: string): PendingHint {
  return { id, tabId, frameId, url: redactUrl(hint.url), method: hint.method, witness: { mode: hint.credentials, via: hint.via }, at };
}

/** Whether this report can be the one of this exchange. */
export function fits(hint: PendingHint, target: WitnessTarget): boolean {
  return (
    target.tabId === hint.tabId &&
    (target.frameId === undefined || target.frameId === hint.frameId) &&
    target.exchange.credentialsWitness === undefined &&
    target.exchange.url === hint.url &&
    target.exchange.method === hint.method &&
    Math.abs(target.startedAt - hint.at) <= HINT_WINDOW_MS
  );
}

export function withWitness(exchange: ObservedExchange, hint: PendingHint): ObservedExchange {
  return { ...exchange, credentialsWitness: hint.witness };
}

/** Reports waiting for their exchange, by key, oldest first. */
export class PendingHints {
  private readonly byKey = new Map<string, PendingHint[]>();
  private readonly byId = new Map<string, PendingHint>();
  private rateTab = -1;
  private rateStart = -Infinity;
  private rateCount = 0;

  /** `dirty`: a report was added or is gone; persist that soon. */
  constructor(private readonly dirty: (id: string) => void) {}

  get(id: string): PendingHint | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): PendingHint[] {
    return [...this.byId.values()];
  }

  /** Whether another report from `tabId` may be taken now (a page cannot flood the worker). */
  admits(tabId: number, now: number): boolean {
    if (tabId !== this.rateTab || now - this.rateStart >= 1_000) {
      this.rateTab = tabId;
      this.rateStart = now;
      this.rateCount = 0;
    }
    this.rateCount++;
    return this.rateCount <= MAX_HINTS_PER_TAB_SECOND;
  }

  add(hint: PendingHint): void {
    if (this.byId.has(hint.id)) return;
    if (this.byId.size >= MAX_PENDING_HINTS) this.sweep(hint.at);
    if (this.byId.size >= MAX_PENDING_HINTS) {
      const oldest = this.byId.values().next().value;
      if (oldest) this.remove(oldest);
    }
    this.byId.set(hint.id, hint);
    const key = hintKey(hint.tabId, hint.url, hint.method);
    const list = this.byKey.get(key);
    if (list) list.push(hint);
    else this.byKey.set(key, [hint]);
    this.dirty(hint.id);
  }

  /** The oldest report that fits `target`; it stops waiting. */
  take(target: WitnessTarget): PendingHint | undefined {
    const list = this.byKey.get(hintKey(target.tabId, target.exchange.url, target.exchange.method));
    const hint = list?.find((candidate) => fits(candidate, target));
    if (hint) this.remove(hint);
    return hint;
  }

  remove(hint: PendingHint): void {
    if (!this.byId.delete(hint.id)) return;
    const key = hintKey(hint.tabId, hint.url, hint.method);
    const list = this.byKey.get(key);
    const index = list ? list.indexOf(hint) : -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list && list.length === 0) this.byKey.delete(key);
    this.dirty(hint.id);
  }

  /** Drops reports no exchange claimed within the window (a call that never reached the network). */
  sweep(now: number): void {
    for (const hint of [...this.byId.values()]) if (now - hint.at > HINT_WINDOW_MS) this.remove(hint);
  }

  forgetTab(tabId: number): void {
    for (const hint of [...this.byId.values()]) if (hint.tabId === tabId) this.remove(hint);
  }
}
