// Local Network Access cases (`startLab({ lna: true })`, `LAB_LNA=1 npm run lab`), part of the
// default real-browser run. Chromium's --ip-address-space-overrides switch makes the lab page's
// listeners count as *public* while the API listeners stay *loopback*, so every request from the
// page to the API crosses into a more private address space. The secure page is served over TLS
// on `public.test` (a name that says nothing of loopback, as a real public site's would; resolved
// to 127.0.0.1 by a resolver rule, its throwaway certificate in test/lab/tls/ accepted through
// --ignore-certificate-errors); the non-secure one over plain http on `lab.test`. Observed in
// Chromium 156 (new headless): from a secure page the permission is refused without a prompt
// (policy "PermissionBlock", even after Browser.grantPermissions), and from a non-secure page the
// request is refused outright.
import type { LabCase, LnaPage } from "./types";

/** A host name that is not potentially trustworthy, mapped to 127.0.0.1 by a resolver rule. */
export const LNA_INSECURE_HOST = "lab.test";
/** The secure public page's host name (https), mapped to 127.0.0.1 by a resolver rule. */
export const LNA_SECURE_HOST = "public.test";

export interface LnaPorts {
  /** The page over http (the non-secure page). */
  readonly page: number;
  /** The page over https (the secure page). */
  readonly pageTls: number;
}

/** Chromium flags that make the lab page public (and resolve and accept its host names). */
export function lnaLaunchFlags(ports: LnaPorts): string[] {
  return [
    `--ip-address-space-overrides=127.0.0.1:${ports.page}=public,127.0.0.1:${ports.pageTls}=public`,
    `--host-resolver-rules=MAP ${LNA_INSECURE_HOST} 127.0.0.1, MAP ${LNA_SECURE_HOST} 127.0.0.1`,
    "--ignore-certificate-errors",
  ];
}

/** The page URL for each LNA page variant. */
export function lnaPageUrl(page: LnaPage, ports: LnaPorts): string {
  return page === "secure-public" ? `https://${LNA_SECURE_HOST}:${ports.pageTls}/` : `http://${LNA_INSECURE_HOST}:${ports.page}/`;
}

const STAR = [["Access-Control-Allow-Origin", "*"]] as const;

export const LNA_CASES: readonly LabCase[] = [
  {
    id: "lna-permission-fetch",
    title: "Public page fetches a loopback API (ACAO *)",
    kind: "lna",
    lnaPage: "secure-public",
    initiator: "fetch",
    request: { target: "apiB" },
    server: { description: "correct CORS; the API is on loopback", response: () => ({ headers: STAR, body: "ok" }) },
    expected: { blocked: true, code: "LocalNetworkAccessPermissionDenied", failedParameter: "" },
    note: "The loadingFailed event arrives after the page's promise has already rejected.",
  },
  {
    id: "lna-permission-preflight",
    title: "Public page sends a preflighted PUT to a loopback API",
    kind: "lna",
    lnaPage: "secure-public",
    initiator: "fetch",
    request: { target: "apiA", method: "PUT", body: "{}" },
    server: {
      description: "correct preflight and response; the API is on loopback",
      preflight: (c) => ({
        status: 204,
        headers: [
          ["Access-Control-Allow-Origin", c.requestOrigin ?? "*"],
          ["Access-Control-Allow-Methods", "PUT"],
        ],
      }),
      response: () => ({ headers: STAR, body: "ok" }),
    },
    expected: { blocked: true, code: "LocalNetworkAccessPermissionDenied", failedParameter: "" },
    note: "The preflight itself fails with net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS.",
  },
  {
    id: "lna-permission-img-no-cors",
    title: "Public page loads a no-cors image from loopback",
    kind: "lna",
    lnaPage: "secure-public",
    initiator: "img-no-cors",
    request: { target: "apiB" },
    server: { description: "plain image on loopback", response: () => ({ body: "GIF89a", contentType: "image/gif" }) },
    expected: { blocked: true, code: "LocalNetworkAccessPermissionDenied", failedParameter: "" },
    note: "Local Network Access applies to no-cors requests too.",
  },
  {
    id: "lna-control-same-origin",
    title: "Public page fetches from itself",
    kind: "control",
    lnaPage: "secure-public",
    initiator: "fetch",
    request: { target: "page" },
    server: { description: "same origin, same address space", response: () => ({ body: "ok" }) },
    expected: { blocked: false },
  },
  {
    id: "lna-insecure-fetch",
    title: "Non-secure public page fetches a loopback API",
    kind: "lna",
    lnaPage: "insecure-public",
    initiator: "fetch",
    request: { target: "apiB" },
    server: { description: "correct CORS; the API is on loopback", response: () => ({ headers: STAR, body: "ok" }) },
    expected: { blocked: true, code: "InsecureLocalNetwork", failedParameter: "" },
  },
  {
    id: "lna-insecure-img-no-cors",
    title: "Non-secure public page loads a no-cors image from loopback",
    kind: "lna",
    lnaPage: "insecure-public",
    initiator: "img-no-cors",
    request: { target: "apiA" },
    server: { description: "plain image on loopback", response: () => ({ body: "GIF89a", contentType: "image/gif" }) },
    expected: { blocked: true, code: "InsecureLocalNetwork", failedParameter: "" },
  },
  {
    id: "lna-insecure-control-same-origin",
    title: "Non-secure public page fetches from itself",
    kind: "control",
    lnaPage: "insecure-public",
    initiator: "fetch",
    request: { target: "page" },
    server: { description: "same origin, same address space", response: () => ({ body: "ok" }) },
    expected: { blocked: false },
  },
];
