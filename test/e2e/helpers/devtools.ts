// DevTools windows in real Chromium, reached over CDP: their targets, Runtime.evaluate in them (they
// are not pages), and showing one of their panels (the Network panel, the extension's, any other).
import type { CDPSession } from "playwright-core";

export interface TargetInfo {
  readonly targetId: string;
  readonly type: string;
  readonly url: string;
}

interface EvaluateReply {
  readonly id?: number;
  readonly result?: { readonly result?: { readonly value?: unknown }; readonly exceptionDetails?: { readonly text: string } };
}

/** Runtime.evaluate in another target over a page's CDP session (DevTools targets are not pages). */
export class TargetEvaluator {
  private nextId = 1;
  private readonly pending = new Map<number, (message: EvaluateReply) => void>();

  constructor(private readonly cdp: CDPSession) {
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      const message = JSON.parse(event.message) as EvaluateReply;
      const resolve = message.id === undefined ? undefined : this.pending.get(message.id);
      if (resolve && message.id !== undefined) {
        this.pending.delete(message.id);
        resolve(message);
      }
    });
  }

  async targets(): Promise<TargetInfo[]> {
    return (await this.cdp.send("Target.getTargets")).targetInfos;
  }

  async attach(targetId: string): Promise<string> {
    // Non-flat sessions: the page session relays messages to the DevTools targets.
    return (await this.cdp.send("Target.attachToTarget", { targetId, flatten: false })).sessionId;
  }

  /** Fails after `timeoutMs` without a reply (a target that went away never answers). */
  async evaluate<T>(sessionId: string, expression: string, timeoutMs = 20_000): Promise<T> {
    const id = this.nextId++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reply = await new Promise<EvaluateReply>((resolve, reject) => {
      this.pending.set(id, resolve);
      timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no reply in ${timeoutMs} ms to ${expression.slice(0, 60)}`));
      }, timeoutMs);
      this.cdp
        .send("Target.sendMessageToTarget", {
          sessionId,
          message: JSON.stringify({ id, method: "Runtime.evaluate", params: { expression, awaitPromise: true, returnByValue: true } }),
        })
        .catch(reject);
    }).finally(() => clearTimeout(timer));
    const details = reply.result?.exceptionDetails;
    if (details) throw new Error(`evaluation failed: ${details.text}`);
    return reply.result?.result?.value as T;
  }
}

/** Polls `probe` until it returns a value; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling interval of a condition wait
  }
}

// Shows the extension's panel in a DevTools window; true once the panel exists there.
export const SHOW_PANEL = (panelId: string): string => `(async () => {
  const UI = await import("./ui/legacy/legacy.js");
  const views = UI.ViewManager.ViewManager.instance().views;
  if (!views.has(${JSON.stringify(panelId)})) return undefined;
  await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
  return true;
})()`;
