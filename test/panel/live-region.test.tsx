// @vitest-environment happy-dom
// The live region that tells screen-reader users about new blocked requests: polite, the first
// snapshot is not news, a burst becomes one message, at most one message per interval, allowed
// requests are not announced, and nothing is announced while recording is paused.
import { cleanup, render, screen } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { announcementText, ANNOUNCE_INTERVAL_MS, ANNOUNCE_SETTLE_MS, type Timers } from "../../src/ui/announce";
import { LiveRegion } from "../../src/ui/components/LiveRegion";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { fixes as fixLibrary } from "../helpers/fix-library";
import { allowedGet, FIXTURE_TAB, preflight401, putDisallowed, redirectMissingHeader, sameCause, wildcardCredentials } from "../helpers/report-fixtures";

afterEach(cleanup);

/** A clock the test moves by hand: timers run when `advance` passes their time. */
class ManualTimers implements Timers {
  time = 0;
  private next = 0;
  private readonly tasks = new Map<number, { at: number; run: () => void }>();
  now = (): number => this.time;
  setTimeout = (run: () => void, ms: number): unknown => {
    this.tasks.set(++this.next, { at: this.time + ms, run });
    return this.next;
  };
  clearTimeout = (handle: unknown): void => {
    this.tasks.delete(handle as number);
  };
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.tasks.entries()].filter(([, task]) => task.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.tasks.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    this.time = end;
  }
}

function setup(initial = [preflight401]) {
  const connection = new FakeConnection({ entries: initial });
  const store = createStore(connection, FIXTURE_TAB, { fixes: fixLibrary });
  const timers = new ManualTimers();
  // The region is what the panel renders; `said` collects every message it carried, in order.
  const said: string[] = [];
  render(<LiveRegion store={store} timers={timers} />);
  store.connect();
  const region = screen.getByTestId("announcer");
  new MutationObserver(() => said.push(region.textContent ?? "")).observe(region, { childList: true, characterData: true, subtree: true });
  // The region's text is written after the signal changes (two microtasks), the observer's record after that.
  const advance = async (ms: number): Promise<void> => {
    timers.advance(ms);
    await new Promise((done) => setTimeout(done, 0));
  };
  return { connection, store, timers, region, said, advance };
}

describe("the live region", () => {
  it("is a polite, atomic status region in the panel", () => {
    const store = createStore(new FakeConnection({ entries: [preflight401] }), FIXTURE_TAB, { fixes: fixLibrary });
    render(<Panel store={store} services={new FakeServices()} />);
    const region = screen.getByTestId("announcer");
    expect(region.getAttribute("role")).toBe("status");
    expect([region.getAttribute("aria-live"), region.getAttribute("aria-atomic")]).toEqual(["polite", "true"]);
    // What was there when the panel opened is not news.
    expect(region.textContent).toBe("");
  });

  it("gathers a burst into one message after the settle time", async () => {
    const { connection, region, said, advance } = setup();
    connection.add(FIXTURE_TAB, [putDisallowed]);
    await advance(400);
    connection.add(FIXTURE_TAB, [wildcardCredentials, redirectMissingHeader]);
    await advance(ANNOUNCE_SETTLE_MS - 401);
    expect(region.textContent).toBe("");
    await advance(1);
    expect(region.textContent).toBe(
      "3 new blocked requests: MethodDisallowedByPreflightResponse, WildcardOriginNotAllowed, MissingAllowOriginHeader",
    );
    expect(said).toHaveLength(1);
  });

  it("says at most one message per interval, then everything that waited", async () => {
    const { connection, timers, region, said, advance } = setup();
    connection.add(FIXTURE_TAB, [putDisallowed]);
    await advance(ANNOUNCE_SETTLE_MS);
    expect(region.textContent).toBe("1 new blocked request: MethodDisallowedByPreflightResponse");
    const first = timers.time;
    // A steady trickle: one new failure every 500 ms for 8 s.
    const trickle = sameCause(redirectMissingHeader, 16, "trickle");
    for (const entry of trickle) {
      connection.add(FIXTURE_TAB, [entry]);
      await advance(500);
      // Never two messages closer than the interval.
      expect(said.length).toBeLessThanOrEqual(1 + Math.floor((timers.time - first) / ANNOUNCE_INTERVAL_MS));
    }
    await advance(ANNOUNCE_INTERVAL_MS);
    expect(said[0]).toBe("1 new blocked request: MethodDisallowedByPreflightResponse");
    expect(said.slice(1).every((text) => /^\d+ new blocked requests?: MissingAllowOriginHeader$/.test(text))).toBe(true);
    // Every failure of the trickle was counted once.
    expect(said.slice(1).reduce((sum, text) => sum + Number(text.split(" ")[0]), 0)).toBe(trickle.length);
    expect(said.length).toBe(3);
  });

  it("does not announce allowed requests", async () => {
    const { connection, region, advance } = setup();
    connection.add(FIXTURE_TAB, [allowedGet]);
    await advance(ANNOUNCE_INTERVAL_MS * 2);
    expect(region.textContent).toBe("");
  });

  it("announces nothing while recording is paused, not even what was waiting", async () => {
    const { connection, store, region, advance } = setup();
    connection.add(FIXTURE_TAB, [putDisallowed]);
    await store.setPaused(true);
    connection.add(FIXTURE_TAB, [wildcardCredentials]);
    await advance(ANNOUNCE_INTERVAL_MS * 3);
    expect(region.textContent).toBe("");
    // Resumed: what arrives afterwards is announced again.
    await store.setPaused(false);
    connection.add(FIXTURE_TAB, [redirectMissingHeader]);
    await advance(ANNOUNCE_SETTLE_MS);
    expect(region.textContent).toBe("1 new blocked request: MissingAllowOriginHeader");
  });
});

describe("announcementText", () => {
  it("counts the requests and names at most three codes", () => {
    expect(announcementText([putDisallowed])).toBe("1 new blocked request: MethodDisallowedByPreflightResponse");
    expect(announcementText(sameCause(putDisallowed, 2, "x"))).toBe("2 new blocked requests: MethodDisallowedByPreflightResponse");
    expect(announcementText([preflight401, putDisallowed, wildcardCredentials, redirectMissingHeader])).toBe(
      "4 new blocked requests: PreflightMissingAllowOriginHeader, MethodDisallowedByPreflightResponse, WildcardOriginNotAllowed …",
    );
  });
});
