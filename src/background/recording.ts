// When the webRequest listeners are registered. Recording mode "always" (the default) keeps them
// unless paused; "devtools" only while a DevTools window of the profile is open: every DevTools
// window runs the extension's devtools page, which holds a port open to the worker (and opens a new
// one when a stopped worker drops it). The listeners go when the last such port closes, so pages
// load as with recording paused.
//
// The worker can be stopped at any moment. Its successor registers the listeners synchronously at
// the top level (so that events wake it) and decides here, once it has read storage, whether to
// keep them: storage.session remembers whether DevTools was open, and the devtools pages reconnect
// within moments of the restart; if none has come back after a grace period, the listeners go.
import type { ExtensionState } from "../shared/messages";
import type { SessionArea } from "./persistence";

/** storage.session key: how many devtools ports the last worker to notice a change had open. */
export const DEVTOOLS_OPEN_KEY = "devtools-open";
/** How long a restarted worker waits for DevTools windows to reconnect before it stops listening. */
export const DEVTOOLS_GRACE_MS = 2_000;

/** The part of a runtime.Port this module uses. */
export interface DevtoolsPort {
  onDisconnect(listener: () => void): void;
}

export interface RecordingDeps {
  readonly session: SessionArea;
  /** Adds (true) or removes (false) the webRequest listeners; idempotent. */
  setListening(listening: boolean): void;
  /** The recording settings as they stand. */
  state(): ExtensionState;
  /** Told whenever the listening state changes (panels show it). */
  changed(listening: boolean): void;
}

/** Whether to listen: the pure rule. */
export function shouldListen(state: ExtensionState, devtoolsOpen: boolean): boolean {
  if (state.paused) return false;
  return (state.recording ?? "always") === "always" || devtoolsOpen;
}

export class Recording {
  private readonly ports = new Set<DevtoolsPort>();
  /** Until the grace period after a restart ends: DevTools was open as far as storage knows. */
  private rememberedOpen = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private listening = true; // registered at the top level before anything is known

  constructor(private readonly deps: RecordingDeps) {}

  /** DevTools windows open now (or, during the grace period after a restart, remembered open). */
  devtoolsOpen(): boolean {
    return this.ports.size > 0 || this.rememberedOpen;
  }

  isListening(): boolean {
    return this.listening;
  }

  /** At wake, with what storage.session holds: applies the settings to the listeners registered at the top level. */
  restore(stored: Record<string, unknown>): void {
    const count = stored[DEVTOOLS_OPEN_KEY];
    if (typeof count === "number" && count > 0 && this.ports.size === 0) {
      this.rememberedOpen = true;
      this.graceTimer = setTimeout(() => {
        this.graceTimer = undefined;
        this.rememberedOpen = false;
        this.apply();
      }, DEVTOOLS_GRACE_MS);
    }
    this.apply();
  }

  /** A devtools page connected: DevTools is open in one more window. */
  connect(port: DevtoolsPort): void {
    this.ports.add(port);
    this.endGrace();
    this.remember();
    this.apply();
    port.onDisconnect(() => {
      this.ports.delete(port);
      this.remember();
      this.apply();
    });
  }

  /** Re-applies the rule after a settings change (mode, pause). */
  apply(): void {
    const next = shouldListen(this.deps.state(), this.devtoolsOpen());
    if (next === this.listening) return;
    this.listening = next;
    this.deps.setListening(next);
    this.deps.changed(next);
  }

  private endGrace(): void {
    if (this.graceTimer === undefined) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.rememberedOpen = false;
  }

  private remember(): void {
    this.deps.session.set({ [DEVTOOLS_OPEN_KEY]: this.ports.size }).catch(() => undefined);
  }
}
