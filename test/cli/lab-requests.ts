// A lab case as the page's fetch or XHR makes it (test/lab/page-client.js), for `cors-doctor
// probe`: the same URL, method, headers, body, credentials mode and redirect mode.
import type { PageRequest } from "../../src/engine/request-plan";
import type { ResolvedCase } from "../lab/types";

/** Cases a page's fetch or XHR makes: the ones probe can replay. */
export function isScripted(labCase: ResolvedCase): boolean {
  return labCase.initiator === "fetch" || labCase.initiator === "xhr";
}

/** The URL the page requests, with `n` (the page's nonce) set to `nonce`. */
export function caseUrl(labCase: ResolvedCase, pageOrigin: string, nonce: string): string {
  const url = new URL(labCase.url);
  if (labCase.target === "page") url.host = new URL(pageOrigin).host;
  url.searchParams.set("case", labCase.id);
  url.searchParams.set("n", nonce);
  for (const [name, value] of Object.entries(labCase.request.query ?? {})) url.searchParams.set(name, value);
  return url.href;
}

export function pageRequestOf(labCase: ResolvedCase, pageOrigin: string, nonce = "probe"): PageRequest {
  const { method = "GET", headers = {}, credentials, body, redirect = "follow" } = labCase.request;
  // fetch's default credentials mode is same-origin; an XHR without withCredentials is the same.
  const mode = labCase.initiator === "xhr" ? (credentials === "include" ? "include" : "same-origin") : (credentials ?? "same-origin");
  return {
    url: caseUrl(labCase, pageOrigin, nonce),
    pageOrigin,
    method,
    headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
    credentials: mode,
    redirect: labCase.initiator === "xhr" ? "follow" : redirect,
    ...(body !== undefined ? { body } : {}),
  };
}
