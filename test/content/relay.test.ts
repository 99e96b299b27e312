// The isolated-world relay of the credentials witness: page data validated and bounded, batched,
// and passed on only while CORS Doctor records.
import { describe, expect, it } from "vitest";
import { HintRelay, MAX_HINTS_PER_SECOND, MAX_QUEUED_HINTS } from "../../src/content/relay";
import type { ContentToWorker } from "../../src/shared/messages";

const one = (n: number) => ({ url: `http://api.test/${n}`, method: "GET", credentials: "include", via: "fetch" });
const hint = (n: number) => JSON.stringify([one(n)]);

function relay() {
  const sent: ContentToWorker[] = [];
  const tasks: (() => void)[] = [];
  let now = 0;
  const r = new HintRelay({ send: (m) => void sent.push(m), later: (task) => void tasks.push(task), now: () => now });
  const run = () => tasks.splice(0).forEach((task) => task());
  return { r, sent, run, tick: (ms: number) => void (now += ms) };
}

describe("HintRelay", () => {
  it("waits for the recording state, then passes reports on in one batch", () => {
    const { r, sent, run } = relay();
    r.receive(hint(1));
    r.receive(hint(2));
    run();
    expect(sent).toEqual([]);
    r.setRecording(true);
    run();
    expect(sent).toEqual([{ type: "credentials-hints", hints: [one(1), one(2)] }]);
  });

  it("passes nothing on while recording is off, and drops what was queued", () => {
    const { r, sent, run } = relay();
    r.receive(hint(1));
    r.setRecording(false);
    r.receive(hint(2));
    run();
    r.setRecording(true);
    run();
    expect(sent).toEqual([]);
  });

  it("drops malformed, oversized and extra-field reports (only the known fields go on)", () => {
    const { r, sent, run } = relay();
    r.setRecording(true);
    for (const bad of [42, "{", JSON.stringify(one(1)), JSON.stringify([{ ...one(2), url: "ftp://x/" }]), `"${"x".repeat(1_000_000)}"`]) r.receive(bad);
    r.receive(JSON.stringify([{ ...one(3), extra: "page data" }, { ...one(4), credentials: "sometimes" }]));
    run();
    expect(sent).toEqual([{ type: "credentials-hints", hints: [one(3)] }]);
  });

  it("is rate-limited and bounded, and splits what it sends into bounded messages", () => {
    const { r, sent, run, tick } = relay();
    for (let i = 0; i < MAX_HINTS_PER_SECOND * 3; i++) r.receive(hint(i));
    r.receive(JSON.stringify(Array.from({ length: 500 }, (_, i) => one(i))));
    r.setRecording(true);
    run();
    expect(sent.flatMap((m) => m.hints)).toHaveLength(MAX_HINTS_PER_SECOND);
    expect(Math.max(...sent.map((m) => m.hints.length))).toBeLessThanOrEqual(50);
    tick(1_000);
    r.setRecording(false);
    for (let i = 0; i < MAX_QUEUED_HINTS + 10; i++) r.receive(hint(i));
    expect(sent.flatMap((m) => m.hints)).toHaveLength(MAX_HINTS_PER_SECOND);
  });
});
