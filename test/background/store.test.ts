import { describe, expect, it } from "vitest";
import { EntryStore, type StoredEntry } from "../../src/background/store";
import type { Verdict } from "../../src/engine/types";

let n = 0;
function entry(tabId: number, verdict: Verdict = "blocked", startedAt = ++n): StoredEntry {
  return {
    id: `id${++n}`,
    tabId,
    startedAt,
    verdict,
    exchange: { url: "http://api.test/", method: "GET", resourceType: "xmlhttprequest", requestHeaders: [], requestHeadersSent: true, redirects: [], completed: false },
  };
}

describe("EntryStore", () => {
  it("keeps entries per tab in time order, without duplicates", () => {
    const store = new EntryStore();
    const a = entry(1, "blocked", 10);
    const b = entry(1, "allowed", 5);
    expect(store.add(a)).toBe(true);
    expect(store.add(b)).toBe(true);
    expect(store.add(a)).toBe(false);
    expect(store.entries(1).map((e) => e.id)).toEqual([b.id, a.id]);
    expect(store.blockedCount(1)).toBe(1);
    expect(store.size).toBe(2);
  });

  it("evicts allowed entries before blocked ones when a tab is full", () => {
    const store = new EntryStore({ perTab: 3, total: 100 });
    const blocked = [entry(1), entry(1)];
    const allowed = entry(1, "allowed");
    [blocked[0]!, allowed, blocked[1]!].forEach((e) => store.add(e));
    const newest = entry(1);
    store.add(newest);
    expect(store.entries(1).map((e) => e.id)).toEqual([blocked[0]!.id, blocked[1]!.id, newest.id]);
  });

  it("holds a global cap across tabs", () => {
    const store = new EntryStore({ perTab: 100, total: 10 });
    for (let i = 0; i < 50; i++) store.add(entry(i % 5));
    expect(store.size).toBe(10);
    expect(store.entries().length).toBe(10);
  });

  it("reports what changed, once, for persistence", () => {
    const store = new EntryStore({ perTab: 2, total: 10 });
    const [a, b, c] = [entry(1), entry(1), entry(1)];
    store.add(a);
    expect(store.takeChanges()).toEqual({ written: [a], removed: [] });
    store.add(b);
    store.add(c); // evicts a, which was already written
    expect(store.takeChanges()).toEqual({ written: [b, c], removed: [a.id] });
    store.clearTab(1);
    expect(store.takeChanges()).toEqual({ written: [], removed: [b.id, c.id] });
    expect(store.hasChanges()).toBe(false);
  });

  it("does not write an entry evicted before it was persisted, and removes its key in case it was", () => {
    const store = new EntryStore({ perTab: 1, total: 10 });
    const evicted = entry(1);
    store.add(evicted);
    const kept = entry(1);
    store.add(kept);
    // It may be in storage already, written by a previous worker and read back here.
    expect(store.takeChanges()).toEqual({ written: [kept], removed: [evicted.id] });
  });
});
