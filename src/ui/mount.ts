// What a page needs to mount the panel or the popup with any WorkerConnection.
import type { UiServices } from "./services";
import type { FixLibrarySource, Store, Theme } from "./store";

export interface MountOptions {
  readonly tabId: number;
  readonly theme?: Theme;
  readonly services?: UiServices;
  /** The fix library; by default the page loads src/fixes/servers.ts as a chunk of its own. */
  readonly fixes?: FixLibrarySource;
}

export interface Mounted {
  readonly store: Store;
  unmount(): void;
}
