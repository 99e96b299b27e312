// Mounts the panel in any page with any WorkerConnection: the extension's panel page, a test
// page with a fake worker, or a page made for screenshots. No browser extension API here.
import { render } from "preact";
import { Panel } from "../ui/components/Panel";
import type { WorkerConnection } from "../shared/channel";
import type { Mounted, MountOptions } from "../ui/mount";
import { browserServices } from "../ui/services";
import { createStore, type FixLibrary } from "../ui/store";
import "../ui/styles.css";

/**
 * The fix library (22 stacks) is a chunk of its own, so the panel draws before it is fetched: it is
 * loaded right after the first render, or at once when something reads a fix before that.
 */
const loadFixLibrary = (): Promise<FixLibrary> => import("../fixes/servers");

export function mountPanel(element: HTMLElement, connection: WorkerConnection, options: MountOptions): Mounted {
  const store = createStore(connection, options.tabId, { theme: options.theme ?? "light", fixes: options.fixes ?? loadFixLibrary });
  document.documentElement.dataset.theme = store.settings.theme.value;
  render(<Panel store={store} services={options.services ?? browserServices} />, element);
  setTimeout(() => void store.loadFixes(), 0);
  return { store, unmount: () => render(null, element) };
}
