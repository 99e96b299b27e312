// Failures people mistake for CORS: the console shows them next to CORS errors, but no CORS header
// would change them. The engine tells them apart (verdict "unrelated-failure", or a Local Network
// Access code); this names each kind, says what it is and what to do, for the "Failed, not CORS"
// section of the list.
import { LOCAL_NETWORK_CODES, type DiagnosedEntry } from "../shared/report";

export type FailureKind =
  | "connection-refused"
  | "dns"
  | "blocked-by-client"
  | "mixed-content"
  | "certificate"
  | "local-network"
  | "network";

export interface FailureKindInfo {
  readonly kind: FailureKind;
  readonly label: string;
  /** What happened, in one sentence. */
  readonly what: string;
  /** What to do about it. */
  readonly todo: string;
}

export const FAILURE_KINDS: Readonly<Record<FailureKind, FailureKindInfo>> = {
  "connection-refused": {
    kind: "connection-refused",
    label: "Connection refused",
    what: "Nothing accepted the connection on that host and port: the server is not running, listens on another port or address, or a firewall refused it.",
    todo: "Start the server (or the dev proxy) and check the host and port in the URL; a server on 127.0.0.1 is not reachable as the machine's LAN address, nor the other way round.",
  },
  dns: {
    kind: "dns",
    label: "Host name not found (DNS)",
    what: "The host name could not be resolved, so no request was sent.",
    todo: "Check the host name for typos and the environment's API base URL; on a VPN or with a local hosts entry, check that this browser uses it.",
  },
  "blocked-by-client": {
    kind: "blocked-by-client",
    label: "Blocked by an extension",
    what: "Another extension (usually an ad or tracker blocker) cancelled the request before it reached the network (net::ERR_BLOCKED_BY_CLIENT).",
    todo: "Disable the blocker for this site or try a profile without extensions; URLs containing words like ad, track or analytics are typical targets.",
  },
  "mixed-content": {
    kind: "mixed-content",
    label: "Mixed content",
    what: "An https page asked for a plain http URL; the browser blocks (or upgrades) such requests, whatever the server's CORS headers.",
    todo: "Serve the API over https and use an https URL (or a protocol-relative one); http://localhost is exempt only on the same machine.",
  },
  certificate: {
    kind: "certificate",
    label: "Certificate error",
    what: "The server's TLS certificate was rejected (untrusted, expired, or for another name), so the connection was closed before any HTTP exchange.",
    todo: "Fix the certificate (its name, chain or dates); for a local dev certificate, trust its authority in the OS or browser, or open the API URL once and look at the warning.",
  },
  "local-network": {
    kind: "local-network",
    label: "Local Network Access",
    what: "Chromium's Local Network Access check stopped a page from reaching a more private address (a local or loopback server); the console words it as a CORS error.",
    todo: "Serve the page over https and let the user grant local network access (the permission prompt); the CORS headers below are still needed once access is granted.",
  },
  network: {
    kind: "network",
    label: "Other network error",
    what: "The network stack failed the request for a reason that is not a CORS check (timeout, reset, a response policy, …).",
    todo: "Read the error below; the server's logs or the Network panel show whether the request reached it.",
  },
};

const LOOPBACK_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$|\.localhost$/;

function isMixedContent(entry: DiagnosedEntry): boolean {
  try {
    const target = new URL(entry.url);
    if (target.protocol !== "http:" || LOOPBACK_HOSTS.test(target.hostname)) return false;
    const page = entry.initiator ?? entry.documentUrl;
    return page !== null && new URL(page).protocol === "https:";
  } catch {
    return false;
  }
}

/** The network error that decided the outcome: the preflight's when it got no answer. */
export function networkError(entry: DiagnosedEntry): string | null {
  const preflight = entry.preflight && entry.preflight.status === 0 ? (entry.preflight.error ?? null) : null;
  return preflight ?? entry.error;
}

/** The kind of a failure that is not (only) a CORS check, or null for CORS verdicts and successes. */
export function failureKind(entry: DiagnosedEntry): FailureKind | null {
  const { diagnosis } = entry;
  if (diagnosis.code !== null && LOCAL_NETWORK_CODES.has(diagnosis.code)) return "local-network";
  if (diagnosis.verdict !== "unrelated-failure") return null;
  const error = networkError(entry) ?? "";
  if (error.includes("LOCAL_NETWORK_ACCESS") || error.includes("PRIVATE_NETWORK_ACCESS")) return "local-network";
  if (isMixedContent(entry)) return "mixed-content";
  if (error === "net::ERR_CONNECTION_REFUSED") return "connection-refused";
  if (error === "net::ERR_NAME_NOT_RESOLVED" || error === "net::ERR_NAME_RESOLUTION_FAILED") return "dns";
  if (error === "net::ERR_BLOCKED_BY_CLIENT") return "blocked-by-client";
  if (/^net::ERR_(CERT_|SSL_|BAD_SSL)/.test(error)) return "certificate";
  return "network";
}
