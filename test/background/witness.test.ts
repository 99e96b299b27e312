// The credentials witness in the background (Firefox build): a page's report of its credentials
// mode joins the exchange it describes whether it arrives before or after it, across a worker
// restart, never while recording is off, and within bounds.
import { describe, expect, it } from "vitest";
import { Background } from "../../src/background/background";
import { LAZY_WRITE_MS } from "../../src/background/persistence";
import { MAX_HINTS_PER_TAB_SECOND, MAX_PENDING_HINTS, PendingHints, pendingHint } from "../../src/background/witness";
import * as witness from "../../src/background/witness";
import { isContentToWorker, type CredentialsHint, type ExtensionState } from "../../src/shared/messages";
import { FakeSession } from "../helpers/fake-session";
import { fakePlatform } from "../helpers/fake-platform";

const PAGE = "http://localhost:8000";
const API = "http://127.0.0.1:9000";
const TAB = 3;
let clock = 10_000;
let nextId = 1;

const headers = (record: Record<string, string>) => Object.entries(record).map(([name, value]) => ({ name, value }));
const base = (id: string, url: string, frameId = 0) => ({ requestId: id, method: "GET", url, type: "xmlhttprequest", tabId: TAB, timeStamp: clock++, originUrl: `${PAGE}/`, documentUrl: `${PAGE}/`, frameId });

/** Firefox's events for a GET answered with ACAO = the page and no ACAC: refused only if credentialed (it completes either way). */
function credentialedCase(bg: Background, url = `${API}/creds?n=1`, frameId = 0): string {
  const id = `r${nextId++}`;
  bg.onSendHeaders({ ...base(id, url, frameId), requestHeaders: headers({ Origin: PAGE, "Sec-Fetch-Mode": "cors" }) });
  bg.onHeadersReceived({ ...base(id, url, frameId), statusCode: 200, responseHeaders: headers({ "Access-Control-Allow-Origin": PAGE }) });
  bg.onCompleted({ ...base(id, url, frameId), statusCode: 200 });
  return id;
}
const include = (url = `${API}/creds?n=1`): CredentialsHint => ({ url, method: "GET", credentials: "include", via: "fetch" });

async function started(session = new FakeSession(), settings: Partial<ExtensionState> = {}) {
  const { platform } = fakePlatform({ session, settings, now: () => clock });
  const published: boolean[] = [];
  const bg = new Background({ ...platform, browser: "firefox", witness, publishRecording: (on) => void published.push(on) });
  await bg.start();
  return { bg, session, published };
}
const verdicts = async (bg: Background) => (await bg.handleRequest({ type: "get-report" })).entries.map((e) => [e.diagnosis.verdict, e.diagnosis.code ?? null]);

describe("credentials witness (background)", () => {
  it("a report that arrives first waits for its exchange", async () => {
    const { bg } = await started();
    bg.credentialsHints([include()], TAB, 0);
    expect(bg.hints?.size).toBe(1);
    credentialedCase(bg);
    expect(bg.hints?.size).toBe(0);
    expect(await verdicts(bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
    const report = await bg.handleRequest({ type: "get-report" });
    expect(report.entries[0]!.diagnosis.inferred.find((f) => f.fact === "credentials-mode")?.evidence).toMatch(/^The page called fetch with credentials: 'include'/);
  });

  it("a report that arrives after its exchange joins the stored entry and judges it again", async () => {
    const { bg } = await started();
    credentialedCase(bg);
    expect(await verdicts(bg)).toEqual([["allowed", null]]);
    bg.credentialsHints([include()], TAB, 0);
    expect(await verdicts(bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
    expect(bg.store.blockedCount(TAB)).toBe(1);
    // A second report of the same call finds nothing left to join and waits, harmless.
    bg.credentialsHints([include()], TAB, 0);
    expect(await verdicts(bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
  });

  it("without the witness (Chrome's build leaves it out) a report changes nothing, before or after its exchange", async () => {
    const { platform } = fakePlatform({ session: new FakeSession(), now: () => clock });
    const bg = new Background({ ...platform, browser: "firefox" });
    await bg.start();
    bg.credentialsHints([include()], TAB, 0);
    credentialedCase(bg);
    bg.credentialsHints([include()], TAB, 0);
    expect(bg.hints).toBeUndefined();
    expect(await verdicts(bg)).toEqual([["allowed", null]]);
  });

  it("pairs repeated calls to one URL in order, and only within the same frame, tab and method", async () => {
    const { bg } = await started();
    bg.credentialsHints([{ ...include(), credentials: "omit" }, include()], TAB, 0);
    bg.credentialsHints([include()], TAB, 7); // another frame
    bg.credentialsHints([include()], TAB + 1, 0); // another tab
    bg.credentialsHints([{ ...include(), method: "POST" }], TAB, 0);
    credentialedCase(bg);
    credentialedCase(bg);
    expect(await verdicts(bg)).toEqual([
      ["allowed", null],
      ["blocked", "InvalidAllowCredentials"],
    ]);
    expect(bg.hints?.size).toBe(3);
  });

  it("redacts token-like query parameters on arrival, and matches the redacted URL the capture kept", async () => {
    const { bg, session } = await started();
    const url = `${API}/creds?access_token=s3cr3t&n=2`;
    bg.credentialsHints([include(url)], TAB, 0);
    await new Promise((resolve) => setTimeout(resolve, LAZY_WRITE_MS * 3));
    expect(JSON.stringify([...session.data.values()])).not.toContain("s3cr3t");
    expect(bg.hints?.all()[0]!.url).not.toContain("s3cr3t");
    credentialedCase(bg, url);
    expect(await verdicts(bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
  });

  it("a report waiting when the worker is stopped still lands in the next worker", async () => {
    const first = await started();
    first.bg.credentialsHints([include()], TAB, 0);
    await first.bg.persister.flush();
    const second = await started(first.session);
    expect(second.bg.hints?.size).toBe(1);
    credentialedCase(second.bg);
    expect(await verdicts(second.bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
    await second.bg.persister.flush();
    // Taken: a third worker does not pair it again.
    const third = await started(first.session);
    expect(third.bg.hints?.size).toBe(0);
  });

  it("an exchange stored by a stopped worker takes the report that arrives after the restart", async () => {
    const first = await started();
    credentialedCase(first.bg);
    await first.bg.persister.flush();
    const second = await started(first.session);
    second.bg.credentialsHints([include()], TAB, 0);
    expect(await verdicts(second.bg)).toEqual([["blocked", "InvalidAllowCredentials"]]);
  });

  it("takes nothing while recording is paused, and tells the content scripts", async () => {
    const { bg, published } = await started(new FakeSession(), { paused: true });
    expect(published).toEqual([false]);
    bg.credentialsHints([include()], TAB, 0);
    expect(bg.hints?.size).toBe(0);
    await bg.handleRequest({ type: "set-paused", paused: false });
    expect(published).toEqual([false, true]);
  });

  it("is bounded: a flood is rate-limited per tab, the waiting list capped", () => {
    const hints = new PendingHints(() => undefined);
    let admitted = 0;
    for (let i = 0; i < MAX_HINTS_PER_TAB_SECOND * 2; i++) if (hints.admits(TAB, 1_000)) admitted++;
    expect(admitted).toBe(MAX_HINTS_PER_TAB_SECOND);
    expect(hints.admits(TAB, 2_001)).toBe(true);
    for (let i = 0; i < MAX_PENDING_HINTS + 50; i++) hints.add(pendingHint(include(`${API}/${i}`), TAB, 0, 1_000, String(i)));
    expect(hints.size).toBe(MAX_PENDING_HINTS);
    hints.sweep(1_000 + 61_000);
    expect(hints.size).toBe(0);
  });

  it("accepts only well-formed, bounded messages from content scripts", () => {
    const ok = { type: "credentials-hints", hints: [include()] };
    expect(isContentToWorker(ok)).toBe(true);
    for (const bad of [
      { ...ok, hints: [] },
      { ...ok, hints: Array.from({ length: 51 }, () => include()) },
      { ...ok, hints: [{ ...include(), url: `${API}/${"x".repeat(5_000)}` }] },
      { ...ok, hints: [{ ...include(), url: "javascript:alert(1)" }] },
      { ...ok, hints: [{ ...include(), method: "GET POST" }] },
      { ...ok, hints: [{ ...include(), credentials: "always" }] },
      { ...ok, hints: [{ ...include(), via: "beacon" }] },
      { type: "get-report" },
      "credentials-hints",
    ]) {
      expect(isContentToWorker(bad)).toBe(false);
    }
  });
});
