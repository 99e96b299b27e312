import { describe, expect, it } from "vitest";
import { eventStream } from "../../bench/events";
import { Capture } from "../../src/background/capture";
import type { CapturedRequest } from "../../src/background/exchanges";

describe("the replayed event stream", () => {
  it("yields exactly the number of events asked for, the same every time", () => {
    const first = [...eventStream(2_000, { tabs: 4, navigateEvery: 100 })];
    const second = [...eventStream(2_000, { tabs: 4, navigateEvery: 100 })];
    expect(first).toHaveLength(2_000);
    expect(second).toEqual(first);
  });

  it("mixes every kind of request the handlers must cope with", () => {
    const events = [...eventStream(20_000, { tabs: 4, navigateEvery: 100 })];
    const types = new Set(events.map((e) => e.details.type));
    expect(types).toEqual(new Set(["xmlhttprequest", "image", "main_frame"]));
    expect(events.some((e) => e.details.method === "OPTIONS")).toBe(true);
    expect(events.some((e) => e.kind === "error" && e.details.error === "net::ERR_FAILED")).toBe(true);
    expect(events.some((e) => e.kind === "headers" && e.details.statusCode === 301)).toBe(true);
    const sameOrigin = events.filter((e) => e.kind === "send" && new URL(e.details.url).origin === e.details.initiator).length;
    const sends = events.filter((e) => e.kind === "send").length;
    expect(sameOrigin / sends).toBeGreaterThan(0.4);
  });

  it("stops after maxRequests requests", () => {
    const events = [...eventStream(Number.POSITIVE_INFINITY, { tabs: 2, navigateEvery: 0, maxRequests: 50 })];
    const ids = new Set(events.map((e) => e.details.requestId));
    expect(ids.size).toBeGreaterThanOrEqual(50);
    expect(ids.size).toBeLessThanOrEqual(60); // a preflighted request has two ids
    expect(events.some((e) => e.details.type === "main_frame")).toBe(false);
  });

  it("leaves the default stream as it was when the redirect mix is off", () => {
    const plain = [...eventStream(3_000, { tabs: 4, navigateEvery: 100 })];
    expect([...eventStream(3_000, { tabs: 4, navigateEvery: 100, redirects: false })]).toEqual(plain);
  });

  it("redirect mix: keeps same-origin starts that leave the origin, one record across hops, and drops those that never do", () => {
    const finished: CapturedRequest[] = [];
    const capture = new Capture({ finished: (r) => finished.push(r), navigated: () => undefined, navigationEnded: () => undefined, dirty: () => undefined });
    for (const e of eventStream(30_000, { tabs: 4, navigateEvery: 0, redirects: true })) {
      if (e.kind === "send") capture.onSendHeaders(e.details);
      else if (e.kind === "headers") capture.onHeadersReceived(e.details);
      else if (e.kind === "completed") capture.onCompleted(e.details);
      else capture.onErrorOccurred(e.details);
    }
    const path = (url: string) => new URL(url).pathname;
    expect(finished.some((r) => path(r.exchange.url).startsWith("/api/old/") || path(r.exchange.url).startsWith("/api/items/"))).toBe(false);
    const sameStart = finished.filter((r) => path(r.exchange.url).startsWith("/api/me/"));
    expect(sameStart.length).toBeGreaterThan(20);
    for (const r of sameStart) expect(r.exchange.redirects).toHaveLength(1);
    expect(sameStart.filter((r) => r.judgedRefused).length).toBeGreaterThan(5);
    expect(sameStart.filter((r) => !r.judgedRefused).length).toBeGreaterThan(5);
    const tainted = finished.filter((r) => path(r.exchange.url).startsWith("/v1/files/"));
    expect(tainted.length).toBeGreaterThan(5);
    for (const r of tainted) expect(r.exchange.requestHeaders).toContainEqual({ name: "Origin", value: "null" });
  });
});
