// The Chrome build's stand-in for webextension-polyfill (vite.config.ts aliases the package to
// this file; the Firefox build keeps the polyfill, over Firefox's own `browser`). Chrome's MV3
// `chrome` namespace already returns promises; the polyfill added only two things this extension
// relies on, kept here: runtime.onMessage listeners that answer by returning a promise, and
// devtools.network.getHAR as a promise. It weighs about 3 KB gzip in every context, and the
// worker's bundle has a budget (docs/BENCHMARKS.md). Only src/shared/browser.ts imports it.
type MessageListener = (message: unknown, sender: chrome.runtime.MessageSender) => unknown;
type Bridge = (message: unknown, sender: chrome.runtime.MessageSender, sendResponse: (response?: unknown) => void) => boolean;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** runtime.onMessage, where a listener answers by returning a promise (undefined: no answer). */
function promiseMessages(event: typeof chrome.runtime.onMessage) {
  const bridges = new Map<MessageListener, Bridge>();
  return {
    addListener(listener: MessageListener): void {
      const bridge: Bridge = (message, sender, sendResponse) => {
        const result = listener(message, sender);
        if (!isThenable(result)) return false;
        // A rejected answer reaches the sender as no answer, which its connection reports as an error.
        result.then(sendResponse, () => sendResponse(undefined));
        return true;
      };
      bridges.set(listener, bridge);
      event.addListener(bridge);
    },
    removeListener(listener: MessageListener): void {
      const bridge = bridges.get(listener);
      if (bridge) event.removeListener(bridge);
      bridges.delete(listener);
    },
    hasListener: (listener: MessageListener): boolean => bridges.has(listener),
  };
}

/**
 * `native` with some members replaced; every other one read from the browser's own object. The
 * proxy's target is a plain object: a proxy over `chrome` itself could not answer another value for
 * a non-configurable member such as `chrome.devtools` (a proxy invariant: it throws).
 */
function overriding<T extends object>(native: T, members: Record<string, unknown>): T {
  const replaced = (key: string | symbol): key is string => typeof key === "string" && Object.hasOwn(members, key);
  return new Proxy({} as T, {
    get: (_target, key) => (replaced(key) ? members[key] : Reflect.get(native, key)),
    has: (_target, key) => replaced(key) || Reflect.has(native, key),
  });
}

function devtoolsApi(devtools: typeof chrome.devtools | undefined): typeof chrome.devtools | undefined {
  // Absent outside DevTools pages, as with the polyfill.
  if (devtools === undefined) return undefined;
  const getHAR = (): Promise<unknown> => new Promise((resolve) => devtools.network.getHAR((log) => resolve(log)));
  return overriding(devtools, { network: overriding(devtools.network, { getHAR }) });
}

const api = overriding(chrome, {
  runtime: overriding(chrome.runtime, { onMessage: promiseMessages(chrome.runtime.onMessage) }),
  devtools: devtoolsApi(chrome.devtools),
});

export default api;
