// The panel's worker importer, over a stand-in Worker: messages reach the listener until the end,
// then the worker is stopped; a worker that cannot start or breaks says so instead of hanging.
import { describe, expect, it } from "vitest";
import { workerImporter } from "../../src/panel/har-client";
import type { HarWorkerMessage } from "../../src/panel/har-protocol";
import type { ImportListener } from "../../src/ui/har-import";

class FakeWorker extends EventTarget {
  readonly posted: unknown[] = [];
  terminated = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(message: HarWorkerMessage): void {
    this.dispatchEvent(new MessageEvent("message", { data: message }));
  }
}

function recorder() {
  const calls: string[] = [];
  const listener: ImportListener = {
    progress: (p) => calls.push(`progress ${p.phase} ${p.done}/${p.total}`),
    entries: (batch) => calls.push(`entries ${batch.length}`),
    done: (summary) => calls.push(`done ${summary.requestCount}`),
    failed: (failure) => calls.push(`failed ${failure.kind}: ${failure.message}`),
  };
  return { calls, listener };
}

const file = new File(["{}"], "a.har");
const summary = { flavor: "chromium", creator: "WebInspector 537.36", entryCount: 1, requestCount: 0, notices: [] } as const;

describe("workerImporter", () => {
  it("hands the File to the worker, relays its messages, and stops it at the end", () => {
    const worker = new FakeWorker();
    const { calls, listener } = recorder();
    workerImporter("include", () => worker as unknown as Worker).read(file, listener);
    expect(worker.posted).toEqual([{ type: "read", file, credentials: "include" }]);
    worker.send({ type: "progress", progress: { phase: "reading", done: 1, total: 2 } });
    worker.send({ type: "entries", entries: [] });
    worker.send({ type: "done", summary });
    worker.send({ type: "progress", progress: { phase: "judging", done: 2, total: 2 } });
    expect(calls).toEqual(["progress reading 1/2", "entries 0", "done 0"]);
    expect(worker.terminated).toBe(true);
  });

  it("stops the worker when the source is closed", () => {
    const worker = new FakeWorker();
    const { calls, listener } = recorder();
    const stop = workerImporter(undefined, () => worker as unknown as Worker).read(file, listener);
    stop();
    worker.send({ type: "done", summary });
    expect(worker.terminated).toBe(true);
    expect(calls).toEqual([]);
  });

  it("says so when the worker cannot start, or breaks", () => {
    const { calls, listener } = recorder();
    workerImporter(undefined, () => {
      throw new Error("refused by the page's policy");
    }).read(file, listener);
    const worker = new FakeWorker();
    workerImporter(undefined, () => worker as unknown as Worker).read(file, listener);
    worker.dispatchEvent(Object.assign(new Event("error"), { message: "out of memory" }));
    worker.send({ type: "done", summary });
    expect(calls).toEqual(["failed failed: The reader could not start: refused by the page's policy.", "failed failed: The reader stopped: out of memory."]);
    expect(worker.terminated).toBe(true);
  });
});
