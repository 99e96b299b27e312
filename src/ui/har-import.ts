// What the panel needs to open a HAR file as a source of its own: an importer, handed in by the
// page (src/panel: a Web Worker that reads the file and judges it with the one engine), which
// reports progress, posts the diagnosed entries in batches, then what the file could and could not
// tell. The UI never reads or judges the file itself.
import type { DiagnosedEntry, HarErrorKind, HarFlavor, HarNotice } from "../shared/report";

export interface ImportProgress {
  /** "reading": entries of the file read so far; "judging": requests judged so far. */
  readonly phase: "reading" | "judging";
  readonly done: number;
  readonly total: number;
}

/** What the file said about itself once it was read. */
export interface ImportSummary {
  readonly flavor: HarFlavor;
  /** log.creator as written ("WebInspector 537.36", "Firefox 153.0", …). */
  readonly creator: string;
  /** Entries in the file. */
  readonly entryCount: number;
  /** Cross-origin requests found and judged. */
  readonly requestCount: number;
  /** What could and could not be judged from this file, and why. */
  readonly notices: readonly HarNotice[];
}

export interface ImportFailure {
  /** The reader's kinds, or "failed" when the reading itself broke (the message says how). */
  readonly kind: HarErrorKind | "failed";
  readonly message: string;
}

/** What an import reports, in this order: progress and entries (any number), then done or failed. */
export interface ImportListener {
  progress(progress: ImportProgress): void;
  entries(batch: readonly DiagnosedEntry[]): void;
  done(summary: ImportSummary): void;
  failed(failure: ImportFailure): void;
}

export interface HarImporter {
  /** Starts reading `file`; returns the function that stops it (closing the source while it reads). */
  read(file: File, listener: ImportListener): () => void;
}

/** Display name of a HAR writer. */
export function flavorName(flavor: HarFlavor): string {
  switch (flavor) {
    case "chromium":
      return "Chrome DevTools";
    case "firefox":
      return "Firefox DevTools";
    case "other":
      return "another tool";
  }
}
