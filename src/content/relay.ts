// The isolated-world half of the credentials witness (Firefox build): takes the page script's
// reports (page data: validated, bounded, rate-limited here and again in the background), and
// passes them on in batches, only while CORS Doctor is recording. Pure: the entry script
// (relay.iife.ts) gives it the DOM event, the recording state and the sending.
import { HINT_LIMITS, isCredentialsHint, type ContentToWorker, type CredentialsHint } from "../shared/messages";

/** At most this many reports a second per frame are passed on; the rest are dropped. */
export const MAX_HINTS_PER_SECOND = 100;
/** Reports are gathered this long before they go, in one message. */
export const RELAY_BATCH_MS = 100;
/** Reports kept while the recording state is not known yet (the first moments of a page). */
export const MAX_QUEUED_HINTS = 200;
/** A burst's JSON text longer than this is dropped unread. */
const MAX_DETAIL_LENGTH = HINT_LIMITS.maxHintsPerBurst * (HINT_LIMITS.maxUrlLength + 200);

export interface RelayDeps {
  send(message: ContentToWorker): void;
  /** Runs `task` soon, once for a burst of reports. */
  later(task: () => void): void;
  now(): number;
}

export class HintRelay {
  private queue: CredentialsHint[] = [];
  /** Undefined until the recording state is known. */
  private recording: boolean | undefined;
  private flushScheduled = false;
  private windowStart = -Infinity;
  private inWindow = 0;

  constructor(private readonly deps: RelayDeps) {}

  /** One DOM event's detail from the page script (a JSON array of reports); anything malformed, oversized or over the rate is dropped. */
  receive(detail: unknown): void {
    if (this.recording === false) return;
    if (typeof detail !== "string" || detail.length > MAX_DETAIL_LENGTH) return;
    let hints: unknown;
    try {
      hints = JSON.parse(detail);
    } catch {
      return;
    }
    if (!Array.isArray(hints)) return;
    for (const hint of hints.slice(0, HINT_LIMITS.maxHintsPerBurst)) {
      if (!isCredentialsHint(hint) || this.queue.length >= MAX_QUEUED_HINTS || !this.withinRate()) continue;
      this.queue.push({ url: hint.url, method: hint.method, credentials: hint.credentials, via: hint.via });
    }
    if (this.recording) this.scheduleFlush();
  }

  /** Whether CORS Doctor is recording (storage tells); queued reports go, or are dropped. */
  setRecording(recording: boolean): void {
    this.recording = recording;
    if (recording) this.scheduleFlush();
    else this.queue = [];
  }

  private withinRate(): boolean {
    const now = this.deps.now();
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    this.inWindow++;
    return this.inWindow <= MAX_HINTS_PER_SECOND;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.queue.length === 0) return;
    this.flushScheduled = true;
    this.deps.later(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (!this.recording) return;
    const hints = this.queue;
    this.queue = [];
    for (let i = 0; i < hints.length; i += HINT_LIMITS.maxHintsPerMessage) {
      this.deps.send({ type: "credentials-hints", hints: hints.slice(i, i + HINT_LIMITS.maxHintsPerMessage) });
    }
  }
}
