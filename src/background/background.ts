// The background's logic, composed from capture, engine, store and persistence, with the browser
// reached only through the Platform interface (service-worker.ts provides the real one; tests a fake).
// Each job has its own module: capture.ts (webRequest events into requests), recovery.ts (worker
// stops), ports.ts (open panels), badge.ts (the toolbar badge), answers.ts (one-off requests),
// recording.ts (when the webRequest listeners are registered), devtools-intake.ts (what DevTools'
// network log showed, sent by the devtools pages).
import { outcomeOf } from "../engine/diagnose";
import type { BrowserFlavor } from "../engine/types";
import { assertNever, isDevtoolsToWorker, normalizeState, type CredentialsHint, type ExtensionState, type Request, type ResponseMap } from "../shared/messages";
import { NO_TAB, type DiagnosedEntry } from "../shared/report";
import { answer } from "./answers";
import { Badges } from "./badge";
import { Capture } from "./capture";
import type { CapturedRequest } from "./exchanges";
import { hintStorageKey, Persister, readPersisted, type SessionArea } from "./persistence";
import { Panels, type PanelPort } from "./ports";
import { takeDevtoolsMessage, twinned, twinOf, type IntakeDeps } from "./devtools-intake";
import { effectiveMode, Recording, type DevtoolsPort } from "./recording";
import { mergeHalves, restoreAtWake, type WorkerParts } from "./recovery";
import { toReportEntry } from "./report";
import { EntryStore, type StoreLimits, DEFAULT_LIMITS, type StoredEntry } from "./store";
import type { CompletedDetails, ErrorDetails, HeadersReceivedDetails, SendHeadersDetails, WebRequestHandlers } from "./webrequest-types";
import type * as Witness from "./witness";
import type { PendingHint, PendingHints } from "./witness";

export interface Platform {
  readonly session: SessionArea;
  loadSettings(): Promise<Partial<ExtensionState>>;
  saveSettings(state: ExtensionState): Promise<void>;
  /** tabId null: the default for every tab. */
  setBadge(tabId: number | null, text: string, color: string): void;
  /** Adds (true) or removes (false) the webRequest listeners `handlers` gives: not listening costs nothing. */
  setListening(listening: boolean, handlers: WebRequestHandlers): void;
  now(): number;
  /** Which browser this is (feature-detected in src/shared/browser.ts); default Chromium. */
  readonly browser?: BrowserFlavor;
  /** Firefox: tells the content scripts whether to relay credentials reports (recording or not). */
  publishRecording?(recording: boolean): void;
  /**
   * *Record always* (webRequest and host access, granted at run time): whether the API was there at
   * the top level, and whether both are granted now. Absent: granted (tests, the Node bench).
   */
  readonly recordAlways?: { readonly atStart: boolean; granted(): Promise<boolean> };
  /**
   * Firefox: the credentials witness's background half (witness.ts), given by the Firefox build
   * only, so that Chrome's worker does not carry it. Absent: page reports are ignored.
   */
  witness?: typeof Witness;
}

/** A devtools page's port: what it sends, and its closing. */
export interface DevtoolsPagePort extends DevtoolsPort {
  onMessage(listener: (message: unknown) => void): void;
}

type Event =
  | { readonly kind: "send"; readonly details: SendHeadersDetails }
  | { readonly kind: "headers"; readonly details: HeadersReceivedDetails }
  | { readonly kind: "completed"; readonly details: CompletedDetails }
  | { readonly kind: "error"; readonly details: ErrorDetails }
  | { readonly kind: "hints"; readonly hints: readonly CredentialsHint[]; readonly tabId: number; readonly frameId: number };

/** Events that arrive while the worker restores its state wait here (bounded). */
const MAX_BUFFERED_EVENTS = 20_000;
const SWEEP_INTERVAL_MS = 30_000;
// Chromium's and Firefox's names for a load the page or the browser cancelled.
const IGNORED_ERRORS = new Set(["net::ERR_ABORTED", "net::ERR_CACHE_MISS", "NS_BINDING_ABORTED"]);

export class Background {
  readonly store: EntryStore;
  readonly capture: Capture;
  readonly persister: Persister;
  /** Firefox: the page's credentials reports waiting for their exchange (witness.ts). */
  readonly hints: PendingHints | undefined;
  private hintCount = 0;
  private published: boolean | undefined;
  private state: ExtensionState = normalizeState({});
  private restoring = true;
  private buffered: Event[] = [];
  private readonly panels = new Panels();
  private readonly badges: Badges;
  private readonly recording: Recording;
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
    }, platform.browser);
    this.hints = platform.witness ? new platform.witness.PendingHints((id) => this.persister.markHint(id)) : undefined;
    this.persister = new Persister(platform.session, this.store, (id) => this.capture.lookup(id), (id) => this.hints?.get(id));
    this.badges = new Badges(
      (tabId, text, color) => platform.setBadge(tabId, text, color),
      (tabId) => this.store.blockedCount(tabId),
    );
    this.recording = new Recording(
      {
        setListening: (listening) => platform.setListening(listening, this),
        state: () => this.state,
        changed: (listening) => {
          this.publishRecording(listening);
          this.panels.stateChanged(this.publicState());
        },
      },
      platform.recordAlways?.atStart ?? true,
    );
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  // webRequest handlers: registered synchronously by the service worker, constant work each.
  readonly onSendHeaders = (details: SendHeadersDetails): void => this.dispatch({ kind: "send", details });
  readonly onHeadersReceived = (details: HeadersReceivedDetails): void => this.dispatch({ kind: "headers", details });
  readonly onCompleted = (details: CompletedDetails): void => this.dispatch({ kind: "completed", details });
  readonly onErrorOccurred = (details: ErrorDetails): void => this.dispatch({ kind: "error", details });

  /** Firefox: credentials reports a content script relayed from the page (tab and frame: the browser's word). */
  credentialsHints(hints: readonly CredentialsHint[], tabId: number, frameId: number): void {
    this.dispatch({ kind: "hints", hints, tabId, frameId });
  }

  /** Restores what a previous worker left in storage.session and the user's settings. */
  async start(): Promise<void> {
    let granted = this.platform.recordAlways?.atStart ?? true;
    try {
      const [persisted, settings, grant] = await Promise.all([
        readPersisted(this.platform.session),
        this.platform.loadSettings(),
        this.platform.recordAlways?.granted() ?? Promise.resolve(true),
      ]);
      this.state = normalizeState(settings);
      granted = grant;
      restoreAtWake(this.workerParts(), persisted);
      for (const hint of persisted.hints) {
        this.persister.claim(hintStorageKey(hint.id));
        this.hints?.add(hint);
      }
    } catch (error) {
      console.warn("CORS Doctor: could not restore the previous state", error);
    }
    this.restoring = false;
    const waiting = this.buffered;
    this.buffered = [];
    for (const event of waiting) this.apply(event);
    this.recording.setGranted(granted);
    this.recording.apply();
    this.publishRecording(this.recording.isListening());
    for (const tabId of this.store.tabIds()) this.badges.mark(tabId);
    this.badges.refresh(this.state.paused);
    this.resolveReady();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  async handleRequest<R extends Request>(request: R): Promise<ResponseMap[R["type"]]> {
    await this.ready;
    return answer(request, {
      store: this.store,
      now: () => this.platform.now(),
      state: () => this.publicState(),
      updateState: (state) => this.updateState(state),
      clearTab: (tabId) => this.clearTab(tabId),
      applyRecording: () => this.recording.apply(),
    }) as ResponseMap[R["type"]];
  }

  connectPort(port: PanelPort): void {
    this.panels.connect(port, this.ready, (tabId) => ({ type: "snapshot", tabId, entries: this.reportEntries(tabId), state: this.publicState() }));
  }

  /**
   * A devtools page (one per DevTools window) holds this port open while its window is open, and
   * sends over it what DevTools' network log showed of its tab.
   */
  connectDevtools(port: DevtoolsPagePort): void {
    this.recording.connect(port);
    const deps = this.intakeDeps(port);
    port.onMessage((message) => {
      if (!isDevtoolsToWorker(message)) return;
      void this.ready.then(() => takeDevtoolsMessage(message, deps));
    });
  }

  /** *Record always* was granted or revoked (permissions.onAdded / onRemoved). */
  permissionsChanged(granted: boolean): void {
    void this.ready.then(() => this.recording.setGranted(granted));
  }

  /** The settings, the mode in force, and what observes now. */
  private publicState(): ExtensionState {
    const granted = this.recording.isGranted();
    return {
      ...this.state,
      recording: effectiveMode(this.state, granted),
      listening: this.recording.isListening(),
      recordAlwaysGranted: granted,
      observedTabs: this.recording.observedTabs(),
    };
  }

  private intakeDeps(port: DevtoolsPort): IntakeDeps {
    return {
      store: this.store,
      paused: () => this.state.paused,
      listening: () => this.recording.isListening(),
      preserveLog: () => this.state.preserveLog,
      observing: (tabId, since) => this.recording.observe(port, { tabId, since }),
      record: (entry) => this.store.add(entry),
      updated: (entry) => this.updated(entry),
      announce: (entry) => {
        this.persister.markStore(entry.verdict === "blocked");
        this.announce(entry);
      },
      clearTab: (tabId) => this.clearTab(tabId),
    };
  }

  private updated(entry: StoredEntry): void {
    this.persister.markStore();
    this.announce(entry);
  }

  tabRemoved(tabId: number): void {
    this.store.clearTab(tabId);
    this.capture.forgetTab(tabId);
    this.hints?.forgetTab(tabId);
    this.persister.markStore();
    this.badges.forget(tabId);
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
        case "hints":
          for (const hint of event.hints) this.acceptHint(hint, event.tabId, event.frameId);
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
      this.hints?.sweep(now);
    }
  }

  private onFinished(request: CapturedRequest): void {
    // A page being torn down, or the cache-only first attempt Chromium makes for some loads (fonts)
    // before going to the network: nothing to explain.
    if (IGNORED_ERRORS.has(request.exchange.error ?? "")) return;
    const tabId = request.tabId >= 0 ? request.tabId : NO_TAB;
    const hint = this.hints?.take(request);
    const exchange = hint && this.platform.witness ? this.platform.witness.withWitness(request.exchange, hint) : request.exchange;
    // The full diagnosis costs about a millisecond: it is computed when a report or a panel asks,
    // never in the event handler. The outcome alone is enough to count and to store.
    let entry: StoredEntry = {
      id: request.id,
      tabId,
      startedAt: request.startedAt,
      ...(request.frameId !== undefined ? { frameId: request.frameId } : {}),
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
    // DevTools' network log showed it first (both observers on): one entry per request.
    const twin = this.recording.devtoolsOpen() ? twinOf(this.store, entry) : undefined;
    if (twin) {
      twinned(twin, { store: this.store, updated: (e) => this.updated(e) });
      return null;
    }
    if (this.store.add(entry)) return entry;
    // Seen again in full by a later worker after only its end was recorded: keep the fuller record.
    const known = this.store.find(entry.tabId, (e) => e.id === entry.id);
    return known?.observed === "end-only" && !entry.observed && this.store.replace(entry) ? entry : null;
  }

  /**
   * A credentials report from the page, while recording: it joins the exchange it describes when
   * that one is already stored (its verdict judged again), or waits for it.
   */
  private acceptHint(raw: CredentialsHint, tabId: number, frameId: number): void {
    const now = this.platform.now();
    const { hints } = this;
    const witness = this.platform.witness;
    if (!hints || !witness || !this.recording.isListening() || !hints.admits(tabId, now)) return;
    const hint = witness.pendingHint(raw, tabId, frameId, now, `${now.toString(36)}-${(this.hintCount++).toString(36)}`);
    const stored = this.store.find(tabId, (entry) => witness.fits(hint, entry));
    if (!stored) {
      hints.add(hint);
      return;
    }
    this.witnessed(stored, hint, witness);
  }

  private witnessed(stored: StoredEntry, hint: PendingHint, witness: typeof Witness): void {
    const exchange = witness.withWitness(stored.exchange, hint);
    const entry: StoredEntry = { ...stored, exchange, verdict: outcomeOf(exchange) };
    if (!this.store.replace(entry)) return;
    this.persister.markStore(entry.verdict === "blocked" && stored.verdict !== "blocked");
    this.badges.mark(entry.tabId);
    this.announce(entry);
  }

  private publishRecording(listening: boolean): void {
    if (listening === this.published) return;
    this.published = listening;
    this.platform.publishRecording?.(listening);
  }

  /** Badge and open panels learn of a recorded entry in the next burst. */
  private announce(entry: StoredEntry): void {
    if (entry.verdict === "blocked") this.badges.mark(entry.tabId);
    this.panels.queue(entry);
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
    this.badges.cleared(tabId);
    if (this.store.blockedCount(tabId) === 0 && !this.state.paused) return;
    this.badges.mark(tabId);
    this.scheduleNotify();
  }

  private clearTab(tabId: number): void {
    if (this.store.entries(tabId).length === 0 && !this.panels.has(tabId)) return;
    this.store.clearTab(tabId);
    this.panels.dropQueued(tabId);
    this.persister.markStore();
    this.badges.mark(tabId);
    this.scheduleNotify();
    this.panels.cleared(tabId);
  }

  private updateState(state: ExtensionState): void {
    const { listening: _now, ...settings } = state;
    this.state = settings;
    void this.platform.saveSettings(settings);
    this.panels.stateChanged(this.publicState());
    for (const tabId of this.store.tabIds()) this.badges.mark(tabId);
    this.badges.refresh(this.state.paused);
  }

  // Panels and badges are updated once per burst of events, not once per event.
  private scheduleNotify(): void {
    if (this.notifyTimer !== undefined) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.panels.send();
      this.badges.refresh(this.state.paused);
    }, 50);
  }

  private reportEntries(tabId: number): DiagnosedEntry[] {
    return this.store.entries(tabId).map(toReportEntry);
  }
}
