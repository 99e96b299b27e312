import { describe, expect, it } from "vitest";
import { eventStream } from "../../bench/events";

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
});
