// Entry of the background context: wires the browser to Background. Listeners are registered
// synchronously at the top level, so that an event wakes a stopped worker and reaches them.
import { browserFlavor, ext, recordAlwaysGranted, webRequestApi, type Runtime } from "../shared/browser";
import { DEVTOOLS_PORT_NAME, isContentToWorker, isRequest, PORT_NAME, RECORDING_KEY, type ExtensionState, type WorkerToPanel } from "../shared/messages";
import { Background, type Platform } from "./background";
import * as witness from "./witness";
import { createListenerSwitch } from "./listeners";
import type { SessionArea } from "./persistence";

const SETTINGS_KEY = "settings";

const platform: Platform = {
  session: ext.storage.session as unknown as SessionArea,
  async loadSettings() {
    const stored = await ext.storage.local.get(SETTINGS_KEY);
    const value = stored[SETTINGS_KEY];
    return typeof value === "object" && value !== null ? (value as Partial<ExtensionState>) : {};
  },
  async saveSettings(state) {
    await ext.storage.local.set({ [SETTINGS_KEY]: state });
  },
  setBadge(tabId, text, color) {
    const target = tabId === null ? {} : { tabId };
    ext.action.setBadgeText({ ...target, text }).catch(() => undefined);
    if (text !== "") ext.action.setBadgeBackgroundColor({ ...target, color }).catch(() => undefined);
  },
  setListening: createListenerSwitch(),
  now: () => Date.now(),
  browser: browserFlavor(),
  // Without the grant the browser gives no webRequest API: nothing to register, nothing to pay.
  recordAlways: { atStart: webRequestApi() !== undefined, granted: recordAlwaysGranted },
};
// The Firefox build only (vite.config.ts defines __FIREFOX_BUILD__): Chrome's worker leaves it out.
if (__FIREFOX_BUILD__ && platform.browser === "firefox") {
  platform.witness = witness;
  platform.publishRecording = (recording) => void ext.storage.local.set({ [RECORDING_KEY]: recording }).catch(() => undefined);
}

const background = new Background(platform);
if (platform.recordAlways?.atStart === true) platform.setListening(true, background);
// A grant or a revocation (from the panel, or the browser's extension settings) moves the listeners.
const permissionsChanged = (): void => void recordAlwaysGranted().then((granted) => background.permissionsChanged(granted));
ext.permissions.onAdded.addListener(permissionsChanged);
ext.permissions.onRemoved.addListener(permissionsChanged);

const extensionPages = ext.runtime.getURL("");
ext.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  if (sender.id !== ext.runtime.id) return undefined;
  // Firefox: a content script (a page's URL) may only relay credentials reports; the extension's
  // own pages ask the rest. The Chromium build has no content script.
  if (platform.browser === "firefox" && sender.url !== undefined && !sender.url.startsWith(extensionPages)) {
    const tabId = sender.tab?.id;
    if (tabId !== undefined && isContentToWorker(message)) background.credentialsHints(message.hints, tabId, sender.frameId ?? 0);
    return undefined;
  }
  if (!isRequest(message)) return undefined;
  return background.handleRequest(message);
});

ext.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.sender?.id !== ext.runtime.id) return;
  if (port.name === DEVTOOLS_PORT_NAME) {
    background.connectDevtools({
      onMessage: (listener) => port.onMessage.addListener(listener),
      onDisconnect: (listener) => port.onDisconnect.addListener(listener),
    });
    return;
  }
  if (port.name !== PORT_NAME) return;
  background.connectPort({
    postMessage: (message: WorkerToPanel) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener(listener),
    onDisconnect: (listener) => port.onDisconnect.addListener(listener),
  });
});

ext.tabs.onRemoved.addListener((tabId: number) => background.tabRemoved(tabId));

void background.start();
