// The HAR reader's contract: a HAR file in, the engine's exchanges out, with what the file could
// and could not tell. Pure data: the panel (in a Web Worker), the DevTools observer and the command
// line all read HAR through `readHar` (src/har/reader.ts) and judge with the one `diagnose()`.
import type { CredentialsMode, ObservedExchange } from "../engine/types";

/** Which writer made the file, as far as the file says (log.creator, and the entries' shape). */
export type HarFlavor =
  /** Chrome/Chromium DevTools ("WebInspector"): `_resourceType`, `_initiator`, `_error`. */
  | "chromium"
  /** Firefox DevTools: no underscore fields; a response refused by CORS looks like a success. */
  | "firefox"
  /** Anything else (Playwright, Charles, Fiddler, mitmproxy, Safari, …): judged from headers, said so. */
  | "other";

/** How to treat the credentials mode the file may not show (a sanitized export drops Cookie). */
export type CredentialsChoice = "auto" | CredentialsMode;

export interface HarReadOptions {
  /** "auto" (default): from Cookie / Sec-Fetch-Storage-Access where present, else assumed and said so. */
  readonly credentials?: CredentialsChoice;
  /** Called now and then while reading a large file: entries read so far, of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One logical request found in the file: preflight, redirect hops and final response joined. */
export interface HarExchange {
  /** Stable within the file: "h" + the index of the entry of the actual request's first hop. */
  readonly id: string;
  /** Epoch milliseconds of the first hop's `startedDateTime` (0 when the file has none). */
  readonly startedAt: number;
  /** The exchange as the engine reads it; secrets already redacted. */
  readonly exchange: ObservedExchange;
  /** Indexes in `log.entries` of every entry joined into it (preflights, hops). */
  readonly entries: readonly number[];
}

/** Something about the file, in words, for the panel's banner and the CLI's stderr. */
export interface HarNotice {
  readonly level: "info" | "warning";
  /** Stable id, e.g. "sanitized", "no-preflights", "credentials-assumed", "truncated". */
  readonly id: string;
  readonly message: string;
}

export interface HarReadResult {
  readonly flavor: HarFlavor;
  /** log.creator, as written ("WebInspector 537.36", "Firefox 153.0", …). */
  readonly creator: string;
  /** Entries in the file, and how many were cross-origin requests the reader judged. */
  readonly entryCount: number;
  readonly exchanges: readonly HarExchange[];
  /** What could and could not be judged from this file, and why. */
  readonly notices: readonly HarNotice[];
}

/**
 * A file that cannot be read as a HAR at all: not JSON, not a HAR, truncated. The message says
 * what the file is and what to export instead; nothing else is thrown by the reader.
 */
export class HarError extends Error {
  override readonly name = "HarError";
  constructor(
    readonly kind: "not-json" | "not-har" | "truncated" | "empty" | "too-large",
    message: string,
  ) {
    super(message);
  }
}
