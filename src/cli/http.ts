// Sends one request exactly as planned: node:http / node:https with the header lines given, in
// their order and casing (fetch adds headers of its own), the answer's header lines as written
// (`rawHeaders`, duplicates kept). A failure that is not an HTTP answer (DNS, refused, reset, TLS,
// timeout) becomes a NetworkFailure named as Chromium names it (net::ERR_…), never a CORS verdict.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { HeaderField, HeaderList } from "../engine/types";

export interface Outgoing {
  readonly url: string;
  readonly method: string;
  readonly headers: HeaderList;
  readonly body?: string;
}

export interface Answer {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeaderList;
  /** The server's IP address, when the socket says. */
  readonly ip?: string;
}

export interface TransportOptions {
  readonly timeoutMs: number;
  /** Accept self-signed and otherwise invalid certificates (development servers). */
  readonly insecure: boolean;
}

/** Sends one request; rejects with a NetworkFailure when no HTTP answer came. */
export type Transport = (outgoing: Outgoing) => Promise<Answer>;

export class NetworkFailure extends Error {
  override readonly name = "NetworkFailure";
  constructor(
    /** Chromium's name for it, e.g. "net::ERR_CONNECTION_REFUSED". */
    readonly netError: string,
    readonly url: string,
    detail: string,
  ) {
    super(`${netError} for ${url} (${detail})`);
  }
}

const NET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
  ECONNRESET: "net::ERR_CONNECTION_RESET",
  EPIPE: "net::ERR_CONNECTION_RESET",
  ENOTFOUND: "net::ERR_NAME_NOT_RESOLVED",
  EAI_AGAIN: "net::ERR_NAME_NOT_RESOLVED",
  EHOSTUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  ENETUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  ETIMEDOUT: "net::ERR_TIMED_OUT",
  DEPTH_ZERO_SELF_SIGNED_CERT: "net::ERR_CERT_AUTHORITY_INVALID",
  SELF_SIGNED_CERT_IN_CHAIN: "net::ERR_CERT_AUTHORITY_INVALID",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "net::ERR_CERT_AUTHORITY_INVALID",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "net::ERR_CERT_AUTHORITY_INVALID",
  CERT_HAS_EXPIRED: "net::ERR_CERT_DATE_INVALID",
  ERR_TLS_CERT_ALTNAME_INVALID: "net::ERR_CERT_COMMON_NAME_INVALID",
  HPE_INVALID_CONSTANT: "net::ERR_INVALID_HTTP_RESPONSE",
  HPE_INVALID_HEADER_TOKEN: "net::ERR_INVALID_HTTP_RESPONSE",
  HPE_HEADER_OVERFLOW: "net::ERR_RESPONSE_HEADERS_TOO_BIG",
};

/** Chromium's net error for a Node socket or TLS error. */
export function netErrorOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && NET_ERRORS[code]) return NET_ERRORS[code];
  if (typeof code === "string" && /CERT|TLS|SSL/.test(code)) return "net::ERR_SSL_PROTOCOL_ERROR";
  return "net::ERR_FAILED";
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A header value as Chromium's extension API hands it on (Node reads the bytes as latin1): UTF-8
 * decoded; bytes that are not UTF-8 give no text at all (webRequest's `binaryValue`), and
 * Chromium's own report then names an empty failedParameter too.
 */
export function headerText(latin1: string): string {
  let ascii = true;
  for (let index = 0; index < latin1.length && ascii; index++) ascii = latin1.charCodeAt(index) < 0x80;
  if (ascii) return latin1;
  try {
    return strictUtf8.decode(Buffer.from(latin1, "latin1"));
  } catch {
    return "";
  }
}

/** rawHeaders ([name, value, name, value, …]) as header lines. */
export function headerLines(raw: readonly string[]): HeaderField[] {
  const lines: HeaderField[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) lines.push({ name: raw[index]!, value: headerText(raw[index + 1]!) });
  return lines;
}

/** Chromium refuses response headers over 256 KB (net::ERR_RESPONSE_HEADERS_TOO_BIG). */
const MAX_RESPONSE_HEADER_BYTES = 256 * 1024;

function answerOf(url: string, response: IncomingMessage): Answer {
  const ip = response.socket?.remoteAddress;
  return {
    url,
    status: response.statusCode ?? 0,
    statusText: response.statusMessage ?? "",
    headers: headerLines(response.rawHeaders),
    ...(ip ? { ip } : {}),
  };
}

/** The transport of the command line: one connection per request, nothing added to the headers. */
export function nodeTransport(options: TransportOptions): Transport {
  return (outgoing) =>
    new Promise<Answer>((resolve, reject) => {
      const url = new URL(outgoing.url);
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      // With header lines given as a list, Node adds no Host of its own: it goes first, as browsers write it.
      const length = outgoing.body !== undefined ? ["Content-Length", String(Buffer.byteLength(outgoing.body))] : [];
      const flat = ["Host", url.host, ...outgoing.headers.flatMap((header) => [header.name, header.value]), ...length];
      const fail = (error: unknown): void => reject(new NetworkFailure(netErrorOf(error), outgoing.url, error instanceof Error ? error.message : String(error)));
      let request: ReturnType<typeof httpRequest>;
      try {
        request = send(url, {
          method: outgoing.method,
          headers: flat,
          agent: false,
          maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
          // Chromium reads header values a strict parser refuses (control characters, obs-text): so do we.
          insecureHTTPParser: true,
          ...(url.protocol === "https:" ? { rejectUnauthorized: !options.insecure } : {}),
        });
      } catch (error) {
        fail(error);
        return;
      }
      request.setTimeout(options.timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: "ETIMEDOUT" })));
      request.once("error", fail);
      request.once("response", (response) => {
        resolve(answerOf(outgoing.url, response));
        // The body is not judged: read and dropped so that the socket closes cleanly.
        response.resume();
        response.once("error", () => undefined);
      });
      request.end(outgoing.body);
    });
}
