// The messages between the panel page and its HAR worker (har-worker.ts): the page sends the
// File, the worker answers with progress, entries in batches, then done or failed.
import type { CredentialsChoice, DiagnosedEntry } from "../shared/report";
import type { ImportFailure, ImportListener, ImportProgress, ImportSummary } from "../ui/har-import";

export interface ReadHarFile {
  readonly type: "read";
  readonly file: Blob;
  readonly credentials?: CredentialsChoice;
}

export type HarWorkerMessage =
  | { readonly type: "progress"; readonly progress: ImportProgress }
  | { readonly type: "entries"; readonly entries: readonly DiagnosedEntry[] }
  | { readonly type: "done"; readonly summary: ImportSummary }
  | { readonly type: "failed"; readonly failure: ImportFailure };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null;
}

export function isReadHarFile(x: unknown): x is ReadHarFile {
  return isRecord(x) && x.type === "read" && x.file instanceof Blob;
}

/**
 * Hands one message from the worker to the listener; true when it was the last one (done or
 * failed). The worker is the extension's own code, so shapes are checked only as far as the type.
 */
export function deliver(message: unknown, listener: ImportListener): boolean {
  if (!isRecord(message)) return false;
  // The worker posts only HarWorkerMessage values (har-job.ts); the tag is checked below.
  const known = message as HarWorkerMessage;
  switch (known.type) {
    case "progress":
      listener.progress(known.progress);
      return false;
    case "entries":
      listener.entries(known.entries);
      return false;
    case "done":
      listener.done(known.summary);
      return true;
    case "failed":
      listener.failed(known.failure);
      return true;
    default:
      return false;
  }
}
