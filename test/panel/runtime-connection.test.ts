import { describe, expect, it } from "vitest";
import { PORT_NAME, type WorkerToPanel } from "../../src/shared/messages";
import { createRuntimeConnection, type PortLike, type ReconnectPolicy, type RuntimeLike } from "../../src/ui/runtime-connection";
import { preflight401 } from "../helpers/report-fixtures";

class FakePort implements PortLike {
  readonly posted: unknown[] = [];
  disconnected = false;
  private messageListeners: ((message: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  readonly onMessage = { addListener: (listener: (message: unknown) => void) => void this.messageListeners.push(listener) };
  readonly onDisconnect = { addListener: (listener: () => void) => void this.disconnectListeners.push(listener) };
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  disconnect(): void {
    this.disconnected = true;
  }
  deliver(message: unknown): void {
    for (const listener of this.messageListeners) listener(message);
  }
  /** The other side went away, e.g. the worker was stopped. */
  drop(): void {
    for (const listener of this.disconnectListeners) listener();
  }
}

class FakeRuntime implements RuntimeLike {
  readonly ports: FakePort[] = [];
  readonly sent: unknown[] = [];
  connectNames: string[] = [];
  reply: unknown = { paused: true, preserveLog: false };
  refuseConnect = false;
  async sendMessage(message: unknown): Promise<unknown> {
    this.sent.push(message);
    return this.reply;
  }
  connect({ name }: { name: string }): PortLike {
    if (this.refuseConnect) throw new Error("Extension context invalidated.");
    this.connectNames.push(name);
    const port = new FakePort();
    this.ports.push(port);
    return port;
  }
}

/** Runs scheduled reconnects only when the test says so, and records their delays. */
function manualPolicy() {
  const pending: (() => void)[] = [];
  const delays: number[] = [];
  const policy: ReconnectPolicy = {
    delay: (attempt) => attempt * 100,
    schedule(callback, delayMs) {
      delays.push(delayMs);
      pending.push(callback);
      return () => pending.splice(pending.indexOf(callback), 1);
    },
  };
  return { policy, pending, delays, runNext: () => pending.shift()?.() };
}

const snapshot = (tabId: number): WorkerToPanel => ({ type: "snapshot", tabId, entries: [preflight401], state: { paused: false, preserveLog: false } });

describe("runtime connection", () => {
  it("sends requests with sendMessage and returns the reply", async () => {
    const runtime = new FakeRuntime();
    const connection = createRuntimeConnection(runtime);
    await expect(connection.request({ type: "set-paused", paused: true })).resolves.toEqual({ paused: true, preserveLog: false });
    expect(runtime.sent).toEqual([{ type: "set-paused", paused: true }]);
  });

  it("rejects when no one answers", async () => {
    const runtime = new FakeRuntime();
    runtime.reply = undefined;
    await expect(createRuntimeConnection(runtime).request({ type: "get-state" })).rejects.toThrow(/no reply/);
  });

  it("subscribes over a named port and passes on only valid messages", () => {
    const runtime = new FakeRuntime();
    const received: WorkerToPanel[] = [];
    createRuntimeConnection(runtime).subscribe(7, (m) => received.push(m));
    expect(runtime.connectNames).toEqual([PORT_NAME]);
    expect(runtime.ports[0]!.posted).toEqual([{ type: "subscribe", tabId: 7 }]);
    runtime.ports[0]!.deliver({ type: "snapshot", tabId: 7 });
    runtime.ports[0]!.deliver("garbage");
    runtime.ports[0]!.deliver(snapshot(7));
    expect(received).toEqual([snapshot(7)]);
  });

  it("reconnects and subscribes again when the worker goes away, with growing delays", () => {
    const runtime = new FakeRuntime();
    const { policy, delays, runNext } = manualPolicy();
    const received: WorkerToPanel[] = [];
    createRuntimeConnection(runtime, policy).subscribe(7, (m) => received.push(m));
    runtime.ports[0]!.drop();
    runNext();
    runtime.ports[1]!.drop();
    runNext();
    expect(runtime.ports).toHaveLength(3);
    expect(runtime.ports[2]!.posted).toEqual([{ type: "subscribe", tabId: 7 }]);
    expect(delays).toEqual([0, 100]);
    runtime.ports[2]!.deliver(snapshot(7));
    expect(received).toEqual([snapshot(7)]);
    // A message resets the backoff.
    runtime.ports[2]!.drop();
    expect(delays).toEqual([0, 100, 0]);
  });

  it("ignores messages from a port it already replaced", () => {
    const runtime = new FakeRuntime();
    const { policy, runNext } = manualPolicy();
    const received: WorkerToPanel[] = [];
    createRuntimeConnection(runtime, policy).subscribe(7, (m) => received.push(m));
    runtime.ports[0]!.drop();
    runNext();
    runtime.ports[0]!.deliver(snapshot(7));
    expect(received).toEqual([]);
  });

  it("stops for good on unsubscribe: disconnects and cancels a pending reconnect", () => {
    const runtime = new FakeRuntime();
    const { policy, pending } = manualPolicy();
    const unsubscribe = createRuntimeConnection(runtime, policy).subscribe(7, () => undefined);
    runtime.ports[0]!.drop();
    expect(pending).toHaveLength(1);
    unsubscribe();
    expect(pending).toHaveLength(0);

    const second = createRuntimeConnection(runtime, policy).subscribe(8, () => undefined);
    second();
    expect(runtime.ports[1]!.disconnected).toBe(true);
    runtime.ports[1]!.drop();
    expect(pending).toHaveLength(0);
  });

  it("gives up quietly when the extension context is gone", () => {
    const runtime = new FakeRuntime();
    runtime.refuseConnect = true;
    expect(() => createRuntimeConnection(runtime).subscribe(7, () => undefined)).not.toThrow();
  });
});
