// One HAR import, as the panel's worker runs it: read the file's text, read it as a HAR, judge
// its requests in batches, and post each step. The reading and the judging are the HAR reader's
// and the engine's (src/har, through `harReport`); this module only cuts the work into messages.
// Runs in a Web Worker (har-worker.ts); tests run it in-process.
import { MAX_HAR_CHARS } from "../har/reader";
import { HarError, type HarReadOptions, type HarReadResult } from "../har/types";
import type { CredentialsChoice, DiagnosedEntry } from "../shared/report";
import type { ImportFailure } from "../ui/har-import";
import type { HarWorkerMessage } from "./har-protocol";

/** What the job needs of the HAR reader (src/har/reader.ts). */
export interface HarReading {
  readHar(text: string, options: HarReadOptions): HarReadResult;
  /** The diagnosed entries of the result's exchanges. */
  judge(result: HarReadResult): readonly DiagnosedEntry[];
}

/** Larger files are refused before they are read, as the reader refuses longer texts (a character is at least a byte). */
export const MAX_HAR_BYTES = MAX_HAR_CHARS;
/**
 * Entries per message. The page's thread deserializes each message in one task (a judged entry
 * is several KB of structured data), so batches are kept small; the page gathers them before
 * handing them to the list (src/ui/sources.ts).
 */
export const BATCH_SIZE = 100;
/** Progress is posted at most this often. */
const PROGRESS_EVERY_MS = 100;

export function failureOf(cause: unknown): ImportFailure {
  if (cause instanceof HarError) return { kind: cause.kind, message: cause.message };
  const detail = cause instanceof Error ? cause.message : String(cause);
  return { kind: "failed", message: `Reading the file broke off: ${detail}` };
}

function tooLarge(size: number): HarError {
  const mb = (bytes: number): string => `${Math.round(bytes / 1_000_000)} MB`;
  return new HarError(
    "too-large",
    `The file is too large to read (${mb(size)}; the limit is ${mb(MAX_HAR_BYTES)}). Filter DevTools' Network panel to the failing requests (for example by the API's domain), or clear it and reproduce the failure, then export again.`,
  );
}

export interface HarJob {
  readonly file: Blob;
  readonly credentials?: CredentialsChoice;
  readonly post: (message: HarWorkerMessage) => void;
  readonly reading: HarReading;
  /** The clock for throttling progress (tests pass their own). */
  readonly now?: () => number;
}

/** Runs one import to its end: every outcome is a posted message, nothing is thrown. */
export async function runHarJob({ file, credentials, post, reading, now = () => performance.now() }: HarJob): Promise<void> {
  try {
    if (file.size > MAX_HAR_BYTES) throw tooLarge(file.size);
    const text = await file.text();
    let last = -Infinity;
    const result = reading.readHar(text, {
      ...(credentials ? { credentials } : {}),
      onProgress(done, total) {
        const at = now();
        if (at - last < PROGRESS_EVERY_MS && done < total) return;
        last = at;
        post({ type: "progress", progress: { phase: "reading", done, total } });
      },
    });
    let judged = 0;
    const total = result.exchanges.length;
    for (let start = 0; start < total; start += BATCH_SIZE) {
      const entries = reading.judge({ ...result, exchanges: result.exchanges.slice(start, start + BATCH_SIZE) });
      judged += entries.length;
      if (entries.length > 0) post({ type: "entries", entries });
      post({ type: "progress", progress: { phase: "judging", done: Math.min(start + BATCH_SIZE, total), total } });
    }
    const summary = { flavor: result.flavor, creator: result.creator, entryCount: result.entryCount, requestCount: judged, notices: result.notices };
    post({ type: "done", summary });
  } catch (cause) {
    post({ type: "failed", failure: failureOf(cause) });
  }
}
