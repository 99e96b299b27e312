// What a page needs to mount the panel or the popup with any WorkerConnection.
import type { HarImporter } from "./har-import";
import type { UiServices } from "./services";
import type { SourcesStore } from "./sources";
import type { FixLibrarySource, Store, Theme } from "./store";

export interface MountOptions {
  readonly tabId: number;
  readonly theme?: Theme;
  readonly services?: UiServices;
  /** The fix library; by default the page loads src/fixes/servers.ts as a chunk of its own. */
  readonly fixes?: FixLibrarySource;
  /** Reads a HAR file opened in the panel; by default a Web Worker (src/panel/har-client.ts). */
  readonly importer?: HarImporter;
}

export interface Mounted {
  readonly store: Store;
  /** The panel's sources (the popup has none). */
  readonly sources?: SourcesStore;
  unmount(): void;
}
