// Mounts the panel in any page with any WorkerConnection: the extension's panel page, a test
// page with a fake worker, or a page made for screenshots. No browser extension API here.
import { render } from "preact";
import { Sources } from "../ui/components/Sources";
import type { WorkerConnection } from "../shared/channel";
import type { Mounted, MountOptions } from "../ui/mount";
import { browserServices } from "../ui/services";
import { createSources } from "../ui/sources";
import { createStore, type FixLibrary } from "../ui/store";
import { workerImporter } from "./har-client";
import "../ui/styles.css";

/**
 * The fix library (22 stacks) is a chunk of its own, so the panel draws before it is fetched: it is
 * loaded right after the first render, or at once when something reads a fix before that.
 */
const loadFixLibrary = (): Promise<FixLibrary> => import("../fixes/servers");

export function mountPanel(element: HTMLElement, connection: WorkerConnection, options: MountOptions): Mounted {
  const fixes = options.fixes ?? loadFixLibrary;
  const theme = options.theme ?? "light";
  const store = createStore(connection, options.tabId, { theme, fixes });
  // A HAR file opens as a source of its own, read and judged in a Web Worker (har-client.ts).
  const sources = createSources({ live: store, connection, fixes, theme, importer: options.importer ?? workerImporter() });
  document.documentElement.dataset.theme = store.settings.theme.value;
  render(<Sources sources={sources} services={options.services ?? browserServices} />, element);
  setTimeout(() => void store.loadFixes(), 0);
  return { store, sources, unmount: () => render(null, element) };
}
