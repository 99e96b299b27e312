// The WorkerConnection over the extension runtime: sendMessage for requests, a port for live
// updates. The MV3 worker may stop at any moment, which closes the port; the connection then
// reconnects and subscribes again, and the worker answers with a fresh snapshot.
// The runtime is passed in (main.tsx passes `ext.runtime`) so this module runs in tests.
import type { WorkerConnection } from "../shared/channel";
import { isWorkerToPanel, PORT_NAME, type PanelToWorker, type Request, type ResponseFor, type WorkerToPanel } from "../shared/messages";

export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  readonly onMessage: { addListener(listener: (message: unknown) => void): void };
  readonly onDisconnect: { addListener(listener: () => void): void };
}

export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  connect(connectInfo: { name: string }): PortLike;
}

export interface ReconnectPolicy {
  /** Delay before reconnect attempt number `attempt` (0-based), in milliseconds. */
  delay(attempt: number): number;
  schedule(callback: () => void, delayMs: number): () => void;
}

const BACKOFF_MS = [0, 100, 250, 500, 1000, 2000];

export const defaultReconnectPolicy: ReconnectPolicy = {
  delay: (attempt) => BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 2000,
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

export function createRuntimeConnection(runtime: RuntimeLike, policy: ReconnectPolicy = defaultReconnectPolicy): WorkerConnection {
  return {
    async request<R extends Request>(request: R): Promise<ResponseFor<R>> {
      const reply = await runtime.sendMessage(request);
      if (reply === undefined || reply === null) throw new Error(`no reply to ${request.type}`);
      // The worker answers each request type with its ResponseMap entry; trusted extension context.
      return reply as ResponseFor<R>;
    },
    subscribe(tabId: number, onMessage: (message: WorkerToPanel) => void): () => void {
      let stopped = false;
      let attempt = 0;
      let port: PortLike | null = null;
      let cancelRetry: (() => void) | null = null;

      const open = (): void => {
        cancelRetry = null;
        if (stopped) return;
        try {
          port = runtime.connect({ name: PORT_NAME });
        } catch {
          // The extension was reloaded or removed: this page's context is gone for good.
          return;
        }
        const current = port;
        current.onMessage.addListener((message) => {
          if (stopped || port !== current || !isWorkerToPanel(message)) return;
          attempt = 0;
          onMessage(message);
        });
        current.onDisconnect.addListener(() => {
          if (stopped || port !== current) return;
          port = null;
          cancelRetry = policy.schedule(open, policy.delay(attempt++));
        });
        const subscribe: PanelToWorker = { type: "subscribe", tabId };
        current.postMessage(subscribe);
      };

      open();
      return () => {
        stopped = true;
        cancelRetry?.();
        port?.disconnect();
        port = null;
      };
    },
  };
}
