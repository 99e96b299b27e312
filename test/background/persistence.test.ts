import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InFlightRequest } from "../../src/background/exchanges";
import { LAZY_WRITE_MS, Persister } from "../../src/background/persistence";
import { EntryStore } from "../../src/background/store";
import { FakeSession } from "../helpers/fake-session";

// Records as the capture would hand them over; only their id matters to the persister.
const inFlight = (id: string) => ({ id }) as unknown as InFlightRequest;

describe("Persister scheduling", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps one lazy timer through urgent writes instead of cancelling and re-arming it", async () => {
    const session = new FakeSession();
    const records = new Map([["a", inFlight("a")], ["b", inFlight("b")], ["c", inFlight("c")]]);
    const persister = new Persister(session, new EntryStore(), (id) => records.get(id));
    persister.markInFlight("a");
    expect(vi.getTimerCount()).toBe(1);
    persister.markInFlight("b", true);
    await Promise.resolve();
    // The urgent write left at the end of the event, with what was pending.
    expect(session.writes).toBe(1);
    expect([...session.data.keys()].sort()).toEqual(["f:a", "f:b"]);
    expect(vi.getTimerCount()).toBe(1);
    persister.markInFlight("c");
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(LAZY_WRITE_MS);
    expect(session.data.has("f:c")).toBe(true);
    expect(session.writes).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
