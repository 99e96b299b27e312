// Worker-stop recovery on its own: restoring a previous worker's records, reporting what it could
// not, taking over its storage keys, and merging the two halves of a request a stop split.
import { describe, expect, it } from "vitest";
import type { CapturedRequest, CaptureState, InFlightRequest, Outcome, PendingPreflight } from "../../src/background/exchanges";
import { PreflightPairing } from "../../src/background/pairing";
import { Persister } from "../../src/background/persistence";
import { adopt, CaptureRecovery, foreign, judgedIds, mergeHalves } from "../../src/background/recovery";
import { EntryStore, type StoredEntry } from "../../src/background/store";
import { FakeSession } from "../helpers/fake-session";

const PAGE = "http://127.0.0.1:8000";
const API = "http://localhost:9000";
const TAB = 3;

function request(id: string, fields: Partial<InFlightRequest> = {}): InFlightRequest {
  return {
    id,
    tabId: TAB,
    startedAt: 1_000,
    initiator: PAGE,
    firstUrl: `${API}/r`,
    method: "GET",
    type: "xmlhttprequest",
    requestHeaders: [{ name: "Origin", value: PAGE }],
    sent: true,
    redirects: [],
    redacted: [],
    ...fields,
  };
}

function preflight(requestId: string, at: number, fields: Partial<PendingPreflight> = {}): PendingPreflight {
  return {
    requestId,
    key: `${TAB}|DELETE|${API}/pf`,
    at,
    method: "DELETE",
    tabId: TAB,
    initiator: PAGE,
    type: "xmlhttprequest",
    requestedHeaders: [],
    preflight: { url: `${API}/pf`, requestHeaders: [], response: { url: `${API}/pf`, status: 401, headers: [] } },
    redacted: [],
    ended: true,
    ...fields,
  };
}

/** A CaptureRecovery over plain maps, recording what it ends and reports. */
function recovery() {
  const inFlight = new Map<string, InFlightRequest>();
  const dirty: string[] = [];
  const pairing = new PreflightPairing((id) => dirty.push(id));
  const ended: { id: string; outcome: Outcome }[] = [];
  const reported: CapturedRequest[] = [];
  const subject = new CaptureRecovery({
    inFlight,
    pairing,
    finish: (r, outcome) => {
      inFlight.delete(r.id);
      ended.push({ id: r.id, outcome });
    },
    finished: (r) => reported.push(r),
  });
  return { subject, inFlight, pairing, dirty, ended, reported };
}

const failedEnd = (requestId: string, url: string, timeStamp: number, type = "xmlhttprequest") => ({
  requestId,
  url,
  method: "DELETE",
  type,
  tabId: TAB,
  timeStamp,
  initiator: PAGE,
  error: "net::ERR_FAILED",
});

function entry(id: string, observed: StoredEntry["observed"], startedAt: number, url = `${API}/pf`): StoredEntry {
  return {
    id,
    tabId: TAB,
    startedAt,
    verdict: "blocked",
    exchange: { url, method: "DELETE", resourceType: "xmlhttprequest", requestHeaders: [], requestHeadersSent: false, redirects: [], completed: false, error: "net::ERR_FAILED" },
    ...(observed ? { observed } : {}),
  };
}

describe("CaptureRecovery", () => {
  it("restores in-flight records and fresh preflights, but not what ended or is too old to pair", () => {
    const { subject, inFlight, pairing } = recovery();
    inFlight.set("newer", request("newer", { method: "PUT" }));
    const state: CaptureState = {
      inFlight: [request("a"), request("ended"), request("newer")],
      preflights: [preflight("p1", 50_000), preflight("p-old", 1_000), preflight("p-ended", 50_000)],
    };
    subject.restore(state, 70_000, new Set(["ended", "p-ended"]));
    expect([...inFlight.keys()].sort()).toEqual(["a", "newer"]);
    expect(inFlight.get("newer")?.method).toBe("PUT");
    expect(pairing.all().map((p) => p.requestId)).toEqual(["p1"]);
  });

  it("reports the judged refusals that never ended, and leaves the rest", () => {
    const { subject, inFlight, pairing, ended, reported } = recovery();
    inFlight.set("judged", request("judged", { refused: true }));
    inFlight.set("open", request("open"));
    pairing.add(preflight("pf", 1_000, { refused: true }));
    pairing.add(preflight("pf-ok", 1_000, { refused: false, key: `${TAB}|PUT|${API}/pf` }));
    subject.finishOrphans(["judged", "open", "pf", "pf-ok", "gone"]);
    expect(ended.map((e) => e.id)).toEqual(["judged"]);
    expect(ended[0]!.outcome).toMatchObject({ completed: false, error: "net::ERR_FAILED", partial: expect.stringMatching(/last event/) });
    expect(reported.map((r) => [r.id, r.observed, r.judgedRefused, r.exchange.method])).toEqual([["pf", "preflight-only", true, "DELETE"]]);
    expect(pairing.all().map((p) => p.requestId)).toEqual(["pf-ok"]);
  });

  it("reports a refused request it never saw start from its end alone, and only a refusal of a CORS-capable load", () => {
    const { subject, reported } = recovery();
    subject.unseenEnd({ ...failedEnd("1", `${API}/pf`, 5_000), error: "net::ERR_CONNECTION_REFUSED" }, PAGE);
    subject.unseenEnd(failedEnd("2", `${API}/pf`, 5_000, "ping"), PAGE);
    subject.unseenEnd(failedEnd("3", `${API}/pf?token=secret`, 5_000), PAGE);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ id: "3", observed: "end-only", exchange: { requestHeadersSent: false, partial: expect.stringMatching(/restarted/) } });
    expect(reported[0]!.exchange.url).not.toContain("secret");
  });

  it("pairs a refused preflight delivered late with the end-only request of its key, within the memory window", () => {
    const { subject, pairing, reported } = recovery();
    subject.unseenEnd(failedEnd("7", `${API}/pf`, 5_000), PAGE);
    const late = preflight("8", 5_100, { refused: true });
    pairing.add(late);
    subject.refusedPreflight(late, 5_100);
    expect(reported.map((r) => [r.id, r.observed])).toEqual([["7", "end-only"], ["8", "preflight-only"]]);
    expect(reported[1]!.exchange.partial).toMatch(/only after its end/);
    expect(pairing.size).toBe(0);
    // Each end-only request pairs once; a preflight long after it is not its half.
    const again = preflight("9", 5_200, { refused: true });
    pairing.add(again);
    subject.refusedPreflight(again, 5_200);
    subject.unseenEnd(failedEnd("10", `${API}/pf`, 6_000), PAGE);
    subject.sweep(6_000 + 10_001);
    subject.refusedPreflight(again, 6_500);
    expect(reported.map((r) => r.id)).toEqual(["7", "8", "10"]);
  });
});

describe("taking over a previous worker's records", () => {
  it("lists the judged requests and preflights", () => {
    const state: CaptureState = { inFlight: [request("a", { refused: true }), request("b")], preflights: [preflight("p", 0, { refused: true }), preflight("q", 0)] };
    expect(judgedIds(state)).toEqual(["a", "p"]);
  });

  it("adopts the keys a previous worker left, and finds only records it never knew on a second look", async () => {
    const session = new FakeSession();
    const records = new Map<string, InFlightRequest>();
    const persister = new Persister(session, new EntryStore(), (id) => records.get(id));
    const left: CaptureState = { inFlight: [request("a")], preflights: [preflight("p", 0)] };
    adopt(persister, left);
    const later: CaptureState = { inFlight: [request("a"), request("late")], preflights: [preflight("p", 0), preflight("p-late", 0)] };
    expect(foreign(persister, later)).toEqual({ inFlight: [request("late")], preflights: [preflight("p-late", 0)] });
    // An adopted key this worker is removing is still its own.
    persister.markInFlight("a");
    await persister.flush();
    expect(foreign(persister, later).inFlight.map((r) => r.id)).toEqual(["late"]);
  });
});

describe("mergeHalves", () => {
  it("merges an end-only entry and a preflight-only one, in either order, under the first id", () => {
    for (const [first, second] of [
      [entry("7", "end-only", 5_000), entry("8", "preflight-only", 4_900)],
      [entry("8", "preflight-only", 4_900), entry("7", "end-only", 5_000)],
    ] as const) {
      const store = new EntryStore();
      expect(mergeHalves(store, first)).toBe(first);
      const merged = mergeHalves(store, second);
      expect(merged).toMatchObject({ id: first.id, startedAt: 4_900, merged: true, observed: "preflight-only" });
      expect(store.entries(TAB)).toEqual([merged]);
    }
  });

  it("keeps halves apart when URL, method or time differ", () => {
    const store = new EntryStore();
    mergeHalves(store, entry("7", "end-only", 5_000));
    mergeHalves(store, entry("8", "preflight-only", 5_000, `${API}/other`));
    mergeHalves(store, entry("9", "preflight-only", 5_000 + 60_001));
    expect(store.entries(TAB).map((e) => [e.id, e.merged ?? false])).toEqual([
      ["7", false],
      ["8", false],
      ["9", false],
    ]);
  });
});
