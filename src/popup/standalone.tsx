// Mounts the popup in any page with any WorkerConnection (extension popup, tests, screenshots).
import { render } from "preact";
import type { WorkerConnection } from "../shared/channel";
import { Popup } from "../ui/components/Popup";
import { browserServices } from "../ui/services";
import { createStore } from "../ui/store";
import type { Mounted, MountOptions } from "../ui/mount";
import "../ui/styles.css";

export function mountPopup(element: HTMLElement, connection: WorkerConnection, options: MountOptions): Mounted {
  const store = createStore(connection, options.tabId, options.theme ? { theme: options.theme } : {});
  render(<Popup store={store} services={options.services ?? browserServices} />, element);
  return { store, unmount: () => render(null, element) };
}
