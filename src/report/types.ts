// The report: the public shape of what CORS Doctor recorded (docs/report-format.md), shared by the
// extension, the HAR reader and the command line. Pure types. `diagnosis.code` and
// `diagnosis.failedParameter` carry Chromium's names and values exactly.
import type {
  Advisory,
  CheckStage,
  BrowserFlavor,
  CorsErrorCode,
  FirefoxReasonNote,
  FixRequirements,
  HeaderCheck,
  HeaderList,
  InferredFact,
  PreflightReason,
  Verdict,
} from "../engine/types";
import type { ServerReport } from "../fixes/servers";
import type { Fix, StackDetection } from "../fixes/types";

export const REPORT_FORMAT = "cors-doctor-report";
export const REPORT_VERSION = 1;

export interface ReportExchange {
  readonly url: string;
  readonly status: number;
  readonly requestHeaders: HeaderList;
  readonly responseHeaders: HeaderList;
  readonly error?: string;
}

export interface ReportRedirect {
  readonly url: string;
  readonly status: number;
  readonly location: string;
  readonly responseHeaders: HeaderList;
  /** The Origin the browser sent to `url` (the page's origin, or "null"), when observed. */
  readonly origin?: string;
  /** The preflight the browser sent to `location` before following this redirect, when one was. */
  readonly preflightAfter?: ReportExchange;
}

export interface ReportDiagnosis {
  readonly verdict: Verdict;
  /** The browser whose events were observed and whose rules the verdict follows. */
  readonly browser: BrowserFlavor;
  /** Chromium's CorsError name; null when the request was not blocked. */
  readonly code: CorsErrorCode | null;
  readonly failedParameter: string | null;
  readonly stage: CheckStage | null;
  readonly title: string;
  readonly explanation: string;
  readonly consoleMessage: string | null;
  /** Firefox's name for the failure (MDN key, its console line, MDN's page); null unless blocked. */
  readonly firefoxReason: FirefoxReasonNote | null;
  readonly preflightReasons: readonly PreflightReason[];
  readonly checks: readonly HeaderCheck[];
  readonly inferred: readonly InferredFact[];
  readonly advisories: readonly Advisory[];
  readonly genericFix: string | null;
  /** What the server must send for this request to pass (blocked entries); null otherwise. */
  readonly requirements: FixRequirements | null;
}

/** A tab id of -1 stands for requests with no tab (workers, prefetch). */
export const NO_TAB = -1;

/**
 * A recorded request as the worker sends it (`get-report`, the panel's port): its diagnosis, and
 * no fixes yet. A fix is the policy of a whole server, so the reader computes it from every entry
 * to that server (src/fixes/servers.ts `completeEntries`), turning each into a `ReportEntry`.
 */
export interface DiagnosedEntry {
  /** Stable id of the logical request (the actual request's webRequest requestId, prefixed). */
  readonly id: string;
  readonly tabId: number;
  /** The URL the page asked for (first URL of the redirect chain). */
  readonly url: string;
  /** The last URL reached, when it differs. */
  readonly finalUrl: string;
  readonly method: string;
  /** Origin of the requesting page. */
  readonly initiator: string | null;
  readonly documentUrl: string | null;
  readonly resourceType: string;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly blocked: boolean;
  readonly diagnosis: ReportDiagnosis;
  readonly preflight: ReportExchange | null;
  readonly request: { readonly headers: HeaderList; readonly sent: boolean };
  readonly redirects: readonly ReportRedirect[];
  readonly response: ReportExchange | null;
  readonly error: string | null;
  /** Lower-cased names of headers whose values were redacted at capture. */
  readonly redacted: readonly string[];
}

/** A recorded request with what the reader computes: what the panel shows and the export writes. */
export interface ReportEntry extends DiagnosedEntry {
  /** Server stacks identified from response headers, most likely first. */
  readonly detectedStacks: readonly StackDetection[];
  /**
   * For blocked entries, one fix per supported stack: the policy of the entry's server (every
   * request seen to it), the detected stack first; empty otherwise. In a compact report
   * (`fixesPerServer`), they are in `servers[].fixes` instead.
   */
  readonly fixes: readonly Fix[];
}

/** The worker's answer to `get-report`: diagnosed entries, no fixes, no servers (see `Report`). */
export interface DiagnosedReport {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  /** ISO 8601 time. */
  readonly generatedAt: string;
  readonly entries: readonly DiagnosedEntry[];
}

/** The report as the panel exports it and the demo writes it: every entry completed by the reader. */
export interface Report extends Omit<DiagnosedReport, "entries"> {
  readonly entries: readonly ReportEntry[];
  /** Requests grouped by the server they were sent to: its policy, evidence and fixes. */
  readonly servers?: readonly ServerReport[];
  /** True in the compact form: blocked entries' fixes are their server's `fixes`, not repeated per entry. */
  readonly fixesPerServer?: boolean;
}
