// The background's logic, composed from capture, engine, store and persistence, with the browser
// reached only through the Platform interface (service-worker.ts provides the real one; tests a fake).
import { outcomeOf } from "../engine/diagnose";
import {
  assertNever,
  isPanelToWorker,
  type ExtensionState,
  type Request,
  type ResponseMap,
  type WorkerToPanel,
} from "../shared/messages";
import { NO_TAB, type ReportEntry } from "../shared/report";
import { Capture } from "./capture";
import type { CapturedRequest } from "./exchanges";
import { Persister, readPersisted, type SessionArea } from "./persistence";
import { mergeHalves, restoreAtWake, type WorkerParts } from "./recovery";
import { buildReport, toReportEntry } from "./report";
import { EntryStore, type StoreLimits, DEFAULT_LIMITS, type StoredEntry } from "./store";
import type { CompletedDetails, ErrorDetails, HeadersReceivedDetails, SendHeadersDetails } from "./webrequest-types";

export interface Platform {
  readonly session: SessionArea;
  loadSettings(): Promise<Partial<ExtensionState>>;
  saveSettings(state: ExtensionState): Promise<void>;
  /** tabId null: the default for every tab. */
  setBadge(tabId: number | null, text: string, color: string): void;
  /** Adds (true) or removes (false) every webRequest listener: paused costs nothing. */
  setListening(listening: boolean): void;
  now(): number;
}

/** The part of a runtime.Port this module uses. */
export interface PanelPort {
  postMessage(message: WorkerToPanel): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
}

type Event =
  | { readonly kind: "send"; readonly details: SendHeadersDetails }
  | { readonly kind: "headers"; readonly details: HeadersReceivedDetails }
  | { readonly kind: "completed"; readonly details: CompletedDetails }
  | { readonly kind: "error"; readonly details: ErrorDetails };

const BLOCKED_COLOR = "#d93025";
const PAUSED_COLOR = "#6b7280";
/** Events that arrive while the worker restores its state wait here (bounded). */
const MAX_BUFFERED_EVENTS = 20_000;
const SWEEP_INTERVAL_MS = 30_000;
const IGNORED_ERRORS = new Set(["net::ERR_ABORTED", "net::ERR_CACHE_MISS"]);

export class Background {
  readonly store: EntryStore;
  readonly capture: Capture;
  readonly persister: Persister;
  private state: ExtensionState = { paused: false, preserveLog: false };
  private restoring = true;
  private buffered: Event[] = [];
  private readonly ports = new Map<number, Set<PanelPort>>();
  private readonly newEntries = new Map<number, StoredEntry[]>();
  private readonly badgeTabs = new Set<number>();
  /** What each badge shows, as last set by this worker ("all": the default for every tab). */
  private readonly shownBadges = new Map<number | "all", string>();
  private lastSweep = 0;
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ready: Promise<void>;
  private resolveReady!: () => void;

  constructor(
    private readonly platform: Platform,
    limits: StoreLimits = DEFAULT_LIMITS,
  ) {
    this.store = new EntryStore(limits);
    this.capture = new Capture({
      finished: (request) => this.onFinished(request),
      navigated: (tabId) => this.onNavigated(tabId),
      navigationEnded: (tabId) => this.showBadgeAgain(tabId),
      dirty: (id, urgent) => this.persister.markInFlight(id, urgent),
    });
    this.persister = new Persister(platform.session, this.store, (id) => this.capture.lookup(id));
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  // webRequest handlers: registered synchronously by the service worker, constant work each.
  readonly onSendHeaders = (details: SendHeadersDetails): void => this.dispatch({ kind: "send", details });
  readonly onHeadersReceived = (details: HeadersReceivedDetails): void => this.dispatch({ kind: "headers", details });
  readonly onCompleted = (details: CompletedDetails): void => this.dispatch({ kind: "completed", details });
  readonly onErrorOccurred = (details: ErrorDetails): void => this.dispatch({ kind: "error", details });

  /** Restores what a previous worker left in storage.session and the user's settings. */
  async start(): Promise<void> {
    try {
      const [persisted, settings] = await Promise.all([readPersisted(this.platform.session), this.platform.loadSettings()]);
      this.state = { paused: settings.paused === true, preserveLog: settings.preserveLog === true };
      restoreAtWake(this.workerParts(), persisted);
    } catch (error) {
      console.warn("CORS Doctor: could not restore the previous state", error);
    }
    this.restoring = false;
    const waiting = this.buffered;
    this.buffered = [];
    for (const event of waiting) this.apply(event);
    if (this.state.paused) this.platform.setListening(false);
    for (const tabId of this.store.tabIds()) this.badgeTabs.add(tabId);
    this.refreshBadges();
    this.resolveReady();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  async handleRequest<R extends Request>(request: R): Promise<ResponseMap[R["type"]]> {
    await this.ready;
    return this.answer(request) as ResponseMap[R["type"]];
  }

  connectPort(port: PanelPort): void {
    let subscribedTab: number | undefined;
    port.onMessage((message) => {
      if (!isPanelToWorker(message)) return;
      void this.ready.then(() => {
        if (subscribedTab !== undefined) this.ports.get(subscribedTab)?.delete(port);
        subscribedTab = message.tabId;
        let set = this.ports.get(message.tabId);
        if (!set) this.ports.set(message.tabId, (set = new Set()));
        set.add(port);
        safePost(port, { type: "snapshot", tabId: message.tabId, entries: this.reportEntries(message.tabId), state: this.state });
      });
    });
    port.onDisconnect(() => {
      if (subscribedTab !== undefined) this.ports.get(subscribedTab)?.delete(port);
    });
  }

  tabRemoved(tabId: number): void {
    this.store.clearTab(tabId);
    this.capture.forgetTab(tabId);
    this.persister.markStore();
    this.badgeTabs.delete(tabId);
    this.shownBadges.delete(tabId);
  }

  private workerParts(): WorkerParts {
    return {
      session: this.platform.session,
      store: this.store,
      capture: this.capture,
      persister: this.persister,
      now: () => this.platform.now(),
      record: (entry) => this.record(entry),
      announce: (entry) => this.announce(entry),
    };
  }

  private answer(request: Request): ResponseMap[Request["type"]] {
    switch (request.type) {
      case "get-report":
        return buildReport(this.store.entries(request.tabId), this.platform.now());
      case "clear":
        if (request.tabId === undefined) {
          for (const tabId of this.store.tabIds()) this.clearTab(tabId);
        } else {
          this.clearTab(request.tabId);
        }
        return { ok: true };
      case "get-state":
        return this.state;
      case "set-paused":
        this.updateState({ ...this.state, paused: request.paused });
        this.platform.setListening(!request.paused);
        return this.state;
      case "set-preserve-log":
        this.updateState({ ...this.state, preserveLog: request.preserveLog });
        return this.state;
      default:
        return assertNever(request);
    }
  }

  private dispatch(event: Event): void {
    if (this.restoring) {
      if (this.buffered.length < MAX_BUFFERED_EVENTS) this.buffered.push(event);
      return;
    }
    this.apply(event);
  }

  private apply(event: Event): void {
    try {
      switch (event.kind) {
        case "send":
          this.capture.onSendHeaders(event.details);
          break;
        case "headers":
          this.capture.onHeadersReceived(event.details);
          break;
        case "completed":
          this.capture.onCompleted(event.details);
          break;
        case "error":
          this.capture.onErrorOccurred(event.details);
          break;
        default:
          assertNever(event);
      }
    } catch (error) {
      // One odd event must never stop the capture of the next ones.
      console.warn("CORS Doctor: an event could not be recorded", error);
    }
    const now = this.platform.now();
    if (now - this.lastSweep > SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      this.capture.sweep(now);
    }
  }

  private onFinished(request: CapturedRequest): void {
    const { exchange } = request;
    // A page being torn down, or the cache-only first attempt Chromium makes for some loads (fonts)
    // before going to the network: nothing to explain.
    if (IGNORED_ERRORS.has(exchange.error ?? "")) return;
    const tabId = request.tabId >= 0 ? request.tabId : NO_TAB;
    // The full diagnosis costs about a millisecond: it is computed when a report or a panel asks,
    // never in the event handler. The outcome alone is enough to count and to store.
    let entry: StoredEntry = {
      id: request.id,
      tabId,
      startedAt: request.startedAt,
      exchange,
      verdict: outcomeOf(exchange),
      ...(request.observed ? { observed: request.observed } : {}),
    };
    const recorded = this.record(entry);
    if (recorded === null) return;
    entry = recorded;
    // A refusal judged earlier is already persisted with its in-flight record: the entry can wait
    // for the next batch, unless the outcome contradicts the judgement.
    const judged = request.judgedRefused === true;
    this.persister.markStore(judged ? entry.verdict !== "blocked" : entry.verdict === "blocked");
    this.announce(entry);
  }

  /**
   * Adds a finished request to the store, merging it with what a previous worker recorded of the
   * same request; returns the entry as recorded, or null when it adds nothing new.
   */
  private record(entry: StoredEntry): StoredEntry | null {
    if (entry.observed && entry.merged !== true) return mergeHalves(this.store, entry);
    if (this.store.add(entry)) return entry;
    // Seen again in full by a later worker after only its end was recorded: keep the fuller record.
    const known = this.store.find(entry.tabId, (e) => e.id === entry.id);
    return known?.observed === "end-only" && !entry.observed && this.store.replace(entry) ? entry : null;
  }

  /** Badge and open panels learn of a recorded entry in the next burst. */
  private announce(entry: StoredEntry): void {
    if (entry.verdict === "blocked") this.badgeTabs.add(entry.tabId);
    if (this.ports.get(entry.tabId)?.size) {
      const list = this.newEntries.get(entry.tabId);
      if (list) list.push(entry);
      else this.newEntries.set(entry.tabId, [entry]);
    }
    this.scheduleNotify();
  }

  private onNavigated(tabId: number): void {
    if (this.state.preserveLog) return;
    this.clearTab(tabId);
  }

  /**
   * The browser clears a tab's own badge when a navigation commits (Chromium's
   * ExtensionActionRunner), which happens before the navigation's request ends: set it again.
   */
  private showBadgeAgain(tabId: number): void {
    this.shownBadges.delete(tabId);
    if (this.store.blockedCount(tabId) === 0 && !this.state.paused) return;
    this.badgeTabs.add(tabId);
    this.scheduleNotify();
  }

  private clearTab(tabId: number): void {
    if (this.store.entries(tabId).length === 0 && !this.ports.has(tabId)) return;
    this.store.clearTab(tabId);
    this.newEntries.delete(tabId);
    this.persister.markStore();
    this.badgeTabs.add(tabId);
    this.scheduleNotify();
    for (const port of this.ports.get(tabId) ?? []) safePost(port, { type: "cleared", tabId });
  }

  private updateState(state: ExtensionState): void {
    this.state = state;
    void this.platform.saveSettings(state);
    for (const set of this.ports.values()) for (const port of set) safePost(port, { type: "state", state });
    for (const tabId of this.store.tabIds()) this.badgeTabs.add(tabId);
    this.refreshBadges();
  }

  // Panels and badges are updated once per burst of events, not once per event.
  private scheduleNotify(): void {
    if (this.notifyTimer !== undefined) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.notifyPanels();
      this.refreshBadges();
    }, 50);
  }

  private notifyPanels(): void {
    for (const [tabId, entries] of this.newEntries) {
      const ports = this.ports.get(tabId);
      if (!ports || ports.size === 0) continue;
      const message: WorkerToPanel = { type: "entries", tabId, entries: entries.map(toReportEntry) };
      for (const port of ports) safePost(port, message);
    }
    this.newEntries.clear();
  }

  private refreshBadges(): void {
    if (this.state.paused) {
      this.showBadge(null, "off", PAUSED_COLOR);
      for (const tabId of this.badgeTabs) if (tabId >= 0) this.showBadge(tabId, "off", PAUSED_COLOR);
    } else {
      this.showBadge(null, "", BLOCKED_COLOR);
      for (const tabId of this.badgeTabs) {
        if (tabId < 0) continue;
        const blocked = this.store.blockedCount(tabId);
        this.showBadge(tabId, blocked === 0 ? "" : blocked > 999 ? "999+" : String(blocked), BLOCKED_COLOR);
      }
    }
    this.badgeTabs.clear();
  }

  /**
   * Each badge call costs the worker a fraction of a millisecond, paid in the same bursts as the
   * events: a badge that already shows this text is left alone.
   */
  private showBadge(tabId: number | null, text: string, color: string): void {
    const key = tabId ?? "all";
    const shown = text + " " + color;
    if (this.shownBadges.get(key) === shown) return;
    this.shownBadges.set(key, shown);
    this.platform.setBadge(tabId, text, color);
  }

  private reportEntries(tabId: number): ReportEntry[] {
    return this.store.entries(tabId).map(toReportEntry);
  }
}

function safePost(port: PanelPort, message: WorkerToPanel): void {
  try {
    port.postMessage(message);
  } catch {
    // The panel went away between two events; its onDisconnect cleans up.
  }
}
