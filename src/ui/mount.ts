// What a page needs to mount the panel or the popup with any WorkerConnection.
import type { UiServices } from "./services";
import type { Store, Theme } from "./store";

export interface MountOptions {
  readonly tabId: number;
  readonly theme?: Theme;
  readonly services?: UiServices;
}

export interface Mounted {
  readonly store: Store;
  unmount(): void;
}
