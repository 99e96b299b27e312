// The HAR reader: a HAR 1.2 file (Chrome's, Firefox's, or another tool's) → the engine's
// exchanges, with what the file could and could not tell. Pure: the panel runs it in a Web Worker,
// the DevTools observer over the entries DevTools hands it, the command line on a file; all of
// them judge the result with the one diagnose() (harReport → report/entry.ts toDiagnosedEntry).
// docs/har.md says what each exporter writes and how the entries are joined.
import { diagnosedReport, toDiagnosedEntry } from "../report/entry";
import { NO_TAB, type DiagnosedReport } from "../report/types";
import { buildExchange, storedAnswers, type Skipped } from "./build";
import { originOfUrl, readEntry, record, type EntryView } from "./entries";
import { joinEntries } from "./join";
import { noticesOf } from "./notices";
import { harLogOf, parseHarText } from "./parse";
import type { HarExchange, HarFlavor, HarReadOptions, HarReadResult } from "./types";

export { HarError, type HarExchange, type HarNotice, type HarReadOptions, type HarReadResult } from "./types";
export { MAX_HAR_CHARS } from "./parse";

/** Options of readHar beyond the shared ones. */
export interface HarTextOptions extends HarReadOptions {
  /** Longer texts are refused with HarError "too-large" (default MAX_HAR_CHARS). */
  readonly maxChars?: number;
}

/** Reads a HAR file's text. Throws only HarError (not JSON, not a HAR, truncated, empty, too large). */
export function readHar(text: string, options: HarTextOptions = {}): HarReadResult {
  return readHarLog(parseHarText(text, options.maxChars), options);
}

/** How often (in entries) onProgress is called. */
const PROGRESS_EVERY = 500;

/**
 * Reads an already-parsed HAR: the whole object (`{ log: { … } }`) or its `log`. Deterministic:
 * the same entries give the same exchanges, ids ("h" + the index of the request's first entry)
 * and notices. Throws only HarError ("not-har").
 */
export function readHarLog(value: unknown, options: HarReadOptions = {}): HarReadResult {
  const log = harLogOf(value);
  const raw = log.entries as unknown[];
  const total = raw.length;
  const creator = creatorOf(log.creator);
  const bytesAsText = isChromeWriter(creator);
  const entries: EntryView[] = [];
  let malformed = 0;
  for (let i = 0; i < total; i++) {
    const entry = readEntry(raw[i], i, bytesAsText);
    if (entry) entries.push(entry);
    else malformed++;
    if (options.onProgress && (i + 1) % PROGRESS_EVERY === 0) options.onProgress(i + 1, total);
  }
  const flavor = flavorOf(creator, entries);
  const credentials = options.credentials ?? "auto";
  const context = { flavor, credentials, pages: pagesOf(log.pages), ...(flavor === "chromium" ? { answers: storedAnswers(entries) } : {}) };
  const { chains, orphanPreflights } = joinEntries(entries);
  const exchanges: HarExchange[] = [];
  const skipped: Record<Skipped, number> = { "same-origin": 0, "not-cors": 0, navigation: 0, unfinished: 0, "headers-missing": 0 };
  for (const chain of chains) {
    const built = buildExchange(chain, context);
    if ("exchange" in built) exchanges.push(built.exchange);
    else skipped[built.skipped]++;
  }
  options.onProgress?.(total, total);
  const notices = noticesOf({ flavor, creator, entryCount: total, malformed, entries, exchanges, skipped, orphanPreflights: orphanPreflights.length, credentials });
  return { flavor, creator, entryCount: total, exchanges, notices };
}

/**
 * Whether a HAR entry is not final yet: Chrome's `chrome.devtools.network.onRequestFinished`
 * sometimes hands over an entry built before the raw response was attached (status 0, no response
 * headers, no `_error`, no `redirectURL`); `getHAR()` a moment later has the full one. Chrome's
 * shape only: Firefox writes a request its preflight stopped this way too.
 */
export function isProvisionalEntry(entry: unknown): boolean {
  const object = record(entry);
  if (!object) return false;
  const response = record(object.response);
  if (!response) return true;
  const status = typeof response.status === "number" ? response.status : 0;
  const headers = Array.isArray(response.headers) ? response.headers.length : 0;
  const error = typeof response._error === "string" && response._error !== "";
  const redirect = typeof response.redirectURL === "string" && response.redirectURL !== "";
  return status === 0 && headers === 0 && !error && !redirect;
}

/**
 * Whether a Chrome entry may be provisional though it carries `_error`: a response refused by CORS
 * reaches DevTools only as raw data (Network.responseReceivedExtraInfo, from the network service),
 * which can come after the renderer's Network.loadingFailed; the entry is then built with status 0,
 * no response headers and `_error` set, while getHAR() a moment later has status and headers
 * (measured in Chromium 156 under load, test/e2e/devtools-recording.e2e.test.ts). A request its
 * preflight stopped has the same response for good, but it never left: its request headers are the
 * provisional ones, without `Origin`; this one was sent with `Origin`. A same-origin request (no
 * `Origin` on a GET) whose redirect was refused has that shape too when the redirect's raw data
 * came late (`redirect-same-origin-userinfo`, seen once under load in CI): its `Referer` names its
 * own origin, which a request stopped by a preflight (always cross-origin) never does.
 */
export function mayBeProvisionalEntry(entry: unknown): boolean {
  const object = record(entry);
  const response = record(object?.response);
  const request = record(object?.request);
  if (!response || !request || isProvisionalEntry(entry)) return false;
  if (preflightWithoutItsQuestion(object!, request)) return true;
  const status = typeof response.status === "number" ? response.status : 0;
  const headers = Array.isArray(response.headers) ? response.headers.length : 0;
  const redirect = typeof response.redirectURL === "string" && response.redirectURL !== "";
  const requestHeaders = Array.isArray(request.headers) ? request.headers : [];
  const valueOf = (name: string): string | undefined => {
    const found = requestHeaders.find((header) => String(record(header)?.name ?? "").toLowerCase() === name);
    return found === undefined ? undefined : String(record(found)?.value ?? "");
  };
  const sent = valueOf("origin") !== undefined || sameOrigin(valueOf("referer"), request.url);
  return status === 0 && headers === 0 && !redirect && sent;
}

/** Whether a Referer names the origin of the URL it was sent to. */
function sameOrigin(referer: string | undefined, url: unknown): boolean {
  if (referer === undefined || typeof url !== "string") return false;
  try {
    return new URL(referer).origin === new URL(url).origin;
  } catch {
    return false;
  }
}

/**
 * Whether a Chrome entry has the shape of a request its preflight stopped: status 0, no response
 * headers, no redirect, `_error`, and request headers without `Origin` (the renderer's provisional
 * ones: it never left). A refused response whose raw data came late can have that very shape, its
 * `Origin` and its answer coming only with that data (`secret-authorization` under load in CI, then
 * judged PreflightInvalidAllowCredentials); getHAR() a moment later has the one whole and never the other.
 */
export function mayBeStoppedByPreflight(entry: unknown): boolean {
  const object = record(entry);
  const response = record(object?.response);
  const request = record(object?.request);
  if (!response || !request || isProvisionalEntry(entry) || mayBeProvisionalEntry(entry)) return false;
  const status = typeof response.status === "number" ? response.status : 0;
  const headers = Array.isArray(response.headers) ? response.headers.length : 0;
  const redirect = typeof response.redirectURL === "string" && response.redirectURL !== "";
  const error = typeof response._error === "string" && response._error !== "";
  const preflight = object!._resourceType === "preflight" || record(object!._initiator)?.type === "preflight";
  return status === 0 && headers === 0 && !redirect && error && !preflight;
}

/**
 * A preflight always asks with Access-Control-Request-Method: a Chrome preflight entry without it
 * was handed over before its request headers were attached (Network.requestWillBeSentExtraInfo came
 * late; seen live for `secret-authorization`, whose preflight then seemed not to ask for
 * `authorization`, so the engine took the header for one the browser added itself).
 */
function preflightWithoutItsQuestion(entry: Record<string, unknown>, request: Record<string, unknown>): boolean {
  const preflight = entry._resourceType === "preflight" || record(entry._initiator)?.type === "preflight";
  const headers = Array.isArray(request.headers) ? request.headers : [];
  return preflight && !headers.some((header) => String(record(header)?.name ?? "").toLowerCase() === "access-control-request-method");
}

/**
 * The report of a read HAR: every exchange judged by the one judge (toDiagnosedEntry → diagnose),
 * requests CORS did not govern left out. No fixes yet: fixes/servers.ts completeReport adds them.
 */
export function harReport(result: HarReadResult, now: number = Date.now()): DiagnosedReport {
  const entries = result.exchanges.map((item) => toDiagnosedEntry(item.exchange, { id: item.id, tabId: NO_TAB, startedAt: item.startedAt }));
  return diagnosedReport(entries, now);
}

function creatorOf(value: unknown): string {
  const creator = record(value);
  if (!creator) return "";
  const name = typeof creator.name === "string" ? creator.name : "";
  const version = typeof creator.version === "string" ? creator.version : "";
  return `${name} ${version}`.trim().slice(0, 120);
}

/** Chrome's DevTools write "WebInspector" (Safari's: "WebKit Web Inspector"); Firefox's "Firefox". */
function flavorOf(creator: string, entries: readonly EntryView[]): HarFlavor {
  if (creator.toLowerCase().includes("firefox")) return "firefox";
  if (isChromeWriter(creator)) return "chromium";
  if (creator === "" && entries.some((entry) => entry.resourceType === "preflight")) return "chromium";
  return "other";
}

function isChromeWriter(creator: string): boolean {
  return creator.toLowerCase().startsWith("webinspector");
}

/** log.pages: id → its title, where the title is an http(s) URL (Chrome writes the page's URL there). */
function pagesOf(value: unknown): Map<string, string> {
  const pages = new Map<string, string>();
  if (!Array.isArray(value)) return pages;
  for (const item of value as unknown[]) {
    const page = record(item);
    if (!page || typeof page.id !== "string" || typeof page.title !== "string") continue;
    if (originOfUrl(page.title) !== undefined) pages.set(page.id, page.title);
  }
  return pages;
}
