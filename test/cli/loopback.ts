// A loopback server for the command line's tests: answers each request with what `respond` says,
// and keeps every request it received (method, URL, header lines), so that a test can count what
// was sent and look for secrets.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

export interface Loopback {
  /** http://<host>:<port> */
  readonly origin: string;
  readonly received: Received[];
  count(method: string): number;
  close(): Promise<void>;
}

export async function startLoopback(respond: (request: IncomingMessage) => Answer | null, host = "127.0.0.1"): Promise<Loopback> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    received.push({ method: request.method ?? "", url: request.url ?? "", headers: { ...request.headers } });
    request.resume();
    const answer = respond(request);
    // null: never answer (a hung server, for timeouts).
    if (answer === null) return;
    response.writeHead(answer.status ?? 200, answer.headers ?? {});
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    received,
    count: (method) => received.filter((request) => request.method === method).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A correct CORS server for `allowed`: exact origin, credentials, the methods and headers asked for. */
export function corsAnswer(allowed: readonly string[]): (request: IncomingMessage) => Answer {
  return (request) => {
    const origin = request.headers.origin;
    if (typeof origin !== "string" || !allowed.includes(origin)) return { status: request.method === "OPTIONS" ? 204 : 200 };
    const headers: Record<string, string> = { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" };
    if (request.method === "OPTIONS") {
      // Method names are case-sensitive: the one asked for, as asked ("patch" is not "PATCH").
      headers["Access-Control-Allow-Methods"] = String(request.headers["access-control-request-method"] ?? "GET");
      headers["Access-Control-Allow-Headers"] = String(request.headers["access-control-request-headers"] ?? "");
    }
    return { status: request.method === "OPTIONS" ? 204 : 200, headers };
  };
}
