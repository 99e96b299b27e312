// What a HAR file could and could not tell, in words, for the panel's banner and the command
// line's stderr. One notice per kind, with counts; stable ids.
import { isSafelistedMethod, normalizeMethod, unsafeHeaderReasons } from "../engine/index";
import type { Skipped } from "./build";
import type { EntryView } from "./entries";
import type { CredentialsChoice, HarExchange, HarFlavor, HarNotice } from "./types";

export interface FileFacts {
  readonly flavor: HarFlavor;
  readonly creator: string;
  readonly entryCount: number;
  readonly malformed: number;
  readonly entries: readonly EntryView[];
  readonly exchanges: readonly HarExchange[];
  readonly skipped: Readonly<Record<Skipped, number>>;
  readonly orphanPreflights: number;
  readonly credentials: CredentialsChoice;
}

export function noticesOf(facts: FileFacts): HarNotice[] {
  const notices: HarNotice[] = [];
  const add = (level: HarNotice["level"], id: string, message: string): void => {
    notices.push({ level, id, message });
  };
  if (facts.entryCount === 0) add("warning", "no-entries", "The file holds no requests at all (log.entries is empty): record the page again with DevTools open before the failure happens.");
  if (facts.malformed > 0) {
    add("warning", "malformed-entries", `${count(facts.malformed, "entry", "entries")} of ${facts.entryCount} had no request URL or method and ${facts.malformed === 1 ? "was" : "were"} left out.`);
  }
  flavorNotice(facts, add);
  if (facts.entryCount > 0 && facts.exchanges.length === 0 && facts.malformed < facts.entryCount) {
    add("info", "no-cross-origin", "No cross-origin request that CORS governs is in the file (same-origin requests, navigations, images and other no-cors loads are left out).");
  }
  credentialsNotice(facts, add);
  if (facts.skipped.unfinished > 0) {
    add(
      "info",
      "unfinished",
      `${count(facts.skipped.unfinished, "cross-origin request")} had no response and no error recorded (not finished when the file was saved, or a network failure the writer did not record): not judged.`,
    );
  }
  if (facts.skipped["headers-missing"] > 0) {
    add(
      "warning",
      "headers-missing",
      `${count(facts.skipped["headers-missing"], "cross-origin request")} failed, but the file keeps neither the Origin it sent nor any response header (Playwright keeps none of a failed request's): a CORS failure may be among them, and nothing here can tell.`,
    );
  }
  if (facts.orphanPreflights > 0) {
    add("info", "orphan-preflights", `${count(facts.orphanPreflights, "preflight")} had no request of its own in the file (it was left out of the export, or came before recording started): not judged.`);
  }
  if (facts.flavor !== "chromium" && missesPreflights(facts)) {
    add(
      "warning",
      "no-preflights",
      "The file has no preflight (OPTIONS) at all, yet some requests needed one: this writer leaves them out (Playwright's recordHar does), so a failure at the preflight cannot be seen here. Record the page with the browser's own DevTools and export the HAR from there.",
    );
  }
  return notices;
}

function flavorNotice(facts: FileFacts, add: (level: HarNotice["level"], id: string, message: string) => void): void {
  if (facts.flavor === "firefox") {
    add(
      "info",
      "firefox",
      "Firefox's HAR records no CORS outcome: a response Firefox refused keeps its status and body, as if it succeeded. Each request is judged from its headers, as Firefox checks them, and named by Firefox's reason.",
    );
  } else if (facts.flavor === "other") {
    add(
      "warning",
      "other-writer",
      `Written by ${facts.creator || "an unknown tool"}, not by a browser's DevTools: no CORS error code is recorded, so each request is judged from its headers by Chromium's checks, and what the tool did not record (preflights, the headers of failed requests) cannot be judged. A HAR exported from Chrome or Firefox DevTools says more.`,
    );
  }
}

function credentialsNotice(facts: FileFacts, add: (level: HarNotice["level"], id: string, message: string) => void): void {
  if (facts.credentials !== "auto") {
    add("info", "credentials-stated", `Every request is judged with credentials '${facts.credentials}', as asked, where the file does not show them.`);
    return;
  }
  if (facts.exchanges.length === 0 || facts.entries.some((entry) => entry.hadCredentialHeaders)) return;
  const sanitized = facts.flavor === "chromium";
  add(
    "info",
    sanitized ? "sanitized" : "credentials-unseen",
    `${
      sanitized
        ? "No Cookie, Set-Cookie or Authorization header is in the file: it was probably saved with Chrome's “Export HAR (sanitized)”, which removes them (or the site sent none)."
        : "No Cookie, Set-Cookie or Authorization header is in the file."
    } Where the credentials mode decides the verdict, the request says which mode was assumed and what the other gives (Sec-Fetch-Storage-Access, where present, still shows a credentialed request). \`--credentials include\` or \`omit\` states it.`,
  );
}

/** No OPTIONS in the file, and a cross-origin request with a method or header that needs one. */
function missesPreflights(facts: FileFacts): boolean {
  if (facts.entries.some((entry) => entry.preflightFor !== undefined)) return false;
  return facts.exchanges.some(({ exchange }) => {
    if (!isSafelistedMethod(normalizeMethod(exchange.method))) return true;
    const pageSet = exchange.requestHeaders.filter((header) => !BROWSER_SET.has(header.name.toLowerCase()));
    return unsafeHeaderReasons(pageSet).length > 0;
  });
}

/** Headers the browser adds itself: they never call for a preflight. */
const BROWSER_SET = new Set(["origin", "cookie", "cache-control", "pragma", "if-none-match", "if-modified-since", "if-range", "range", "purpose", "x-client-data"]);

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
