// Runs in the invisible DevTools page of every DevTools window: registers the "CORS" panel for the
// inspected tab, and holds a port open to the worker while the window is open, which is how the
// recording mode "only while DevTools is open" knows. A stopped worker drops the port; a new one is
// opened at once, which wakes the next worker.
import { ext } from "../shared/browser";
import { DEVTOOLS_PORT_NAME } from "../shared/messages";

void ext.devtools.panels.create("CORS", "/icons/icon-32.png", "/src/panel/index.html");

/** Reconnecting again right away would spin while the extension is being reloaded. */
const RECONNECT_MS = 100;

function holdPort(): void {
  try {
    ext.runtime.connect({ name: DEVTOOLS_PORT_NAME }).onDisconnect.addListener(() => setTimeout(holdPort, RECONNECT_MS));
  } catch {
    // The extension was reloaded or removed: this page is about to go.
  }
}
holdPort();
