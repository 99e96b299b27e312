// Which observers record, and when. Two observe the same requests:
// - the webRequest listeners (*Record always*): every tab, also before DevTools is opened, at a
//   price in page-load time and trust (webRequest and access to every site, asked for at run time);
// - each DevTools window's devtools page (src/devtools/), through DevTools' own network log
//   (`devtools.network`): only the inspected tab, only while DevTools is open, no permission.
// The listeners are registered when *Record always* is granted and chosen and recording is not
// paused; a revocation removes them (the browser takes the API away). The devtools pages hold a
// port to the worker and say which tab they observe since when: the panel shows it.
//
// The worker can be stopped at any moment. Its successor registers the listeners synchronously at
// the top level when the API is there (granted), and applies the settings once it has read them.
import type { ExtensionState, ObservedTab, RecordingMode } from "../shared/messages";

/** The part of a runtime.Port this module uses. */
export interface DevtoolsPort {
  onDisconnect(listener: () => void): void;
}

export interface RecordingDeps {
  /** Adds (true) or removes (false) the webRequest listeners; idempotent. */
  setListening(listening: boolean): void;
  /** The recording settings as they stand. */
  state(): ExtensionState;
  /** Told whenever what is observed changes (panels show it). */
  changed(listening: boolean): void;
}

/**
 * The mode in force: the one chosen, else *Record always* when it is granted (an installation
 * from before run-time permissions, or a grant) and *while DevTools is open* otherwise. Without
 * the grant, *Record always* cannot run: DevTools' network log is then the only observer.
 */
export function effectiveMode(state: ExtensionState, granted: boolean): RecordingMode {
  const chosen = state.recording ?? (granted ? "always" : "devtools");
  return chosen === "always" && !granted ? "devtools" : chosen;
}

/** Whether the webRequest listeners are registered: the pure rule. */
export function shouldListen(state: ExtensionState, granted: boolean): boolean {
  return !state.paused && effectiveMode(state, granted) === "always";
}

export class Recording {
  private readonly ports = new Map<DevtoolsPort, ObservedTab | undefined>();
  private granted: boolean;
  private listening: boolean;

  /** `granted`: whether the webRequest API was there at the top level (the listeners then are). */
  constructor(
    private readonly deps: RecordingDeps,
    granted: boolean,
  ) {
    this.granted = granted;
    this.listening = granted;
  }

  isListening(): boolean {
    return this.listening;
  }

  isGranted(): boolean {
    return this.granted;
  }

  /** DevTools windows open now, with a devtools page connected. */
  devtoolsOpen(): boolean {
    return this.ports.size > 0;
  }

  /** The tabs DevTools observes now, each since its earliest DevTools window opened. */
  observedTabs(): ObservedTab[] {
    const byTab = new Map<number, number>();
    for (const tab of this.ports.values()) {
      if (tab === undefined) continue;
      const known = byTab.get(tab.tabId);
      if (known === undefined || tab.since < known) byTab.set(tab.tabId, tab.since);
    }
    return [...byTab].map(([tabId, since]) => ({ tabId, since }));
  }

  /** Whether DevTools observes `tabId` now. */
  observes(tabId: number): boolean {
    for (const tab of this.ports.values()) if (tab?.tabId === tabId) return true;
    return false;
  }

  /** *Record always* was granted or revoked (permissions.onAdded / onRemoved, or read at wake). */
  setGranted(granted: boolean): void {
    if (granted === this.granted) return;
    this.granted = granted;
    this.apply(true);
  }

  /** A devtools page connected: DevTools is open in one more window. */
  connect(port: DevtoolsPort): void {
    this.ports.set(port, undefined);
    port.onDisconnect(() => {
      const tab = this.ports.get(port);
      this.ports.delete(port);
      if (tab !== undefined) this.deps.changed(this.listening);
    });
  }

  /** The devtools page on `port` observes `tab.tabId` since `tab.since`. */
  observe(port: DevtoolsPort, tab: ObservedTab): void {
    if (!this.ports.has(port)) return;
    this.ports.set(port, tab);
    this.deps.changed(this.listening);
  }

  /** Re-applies the rule after a settings or permission change; `always` tells the panels even when nothing moved. */
  apply(always = false): void {
    const next = shouldListen(this.deps.state(), this.granted);
    if (next !== this.listening) {
      this.listening = next;
      this.deps.setListening(next);
    } else if (!always) {
      return;
    }
    this.deps.changed(next);
  }
}
