// Mounts the popup in any page with any WorkerConnection (extension popup, tests, screenshots).
import { render } from "preact";
import type { WorkerConnection } from "../shared/channel";
import { Popup } from "../ui/components/Popup";
import { browserServices } from "../ui/services";
import { createStore, type FixLibrary } from "../ui/store";
import type { Mounted, MountOptions } from "../ui/mount";
import "../ui/styles.css";

/** The fix library, a chunk of its own (as in the panel): the latest failure's fix and the export read it. */
const loadFixLibrary = (): Promise<FixLibrary> => import("../fixes/servers");

export function mountPopup(element: HTMLElement, connection: WorkerConnection, options: MountOptions): Mounted {
  const store = createStore(connection, options.tabId, { ...(options.theme ? { theme: options.theme } : {}), fixes: options.fixes ?? loadFixLibrary });
  render(<Popup store={store} services={options.services ?? browserServices} />, element);
  setTimeout(() => void store.loadFixes(), 0);
  return { store, unmount: () => render(null, element) };
}
