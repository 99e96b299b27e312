// Pages for the real-server proofs: two loopback page servers (a listed and an unlisted origin),
// and what Chromium reports when it refuses a request.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface CorsErrorStatus {
  readonly corsError: string;
  readonly failedParameter: string;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return (server.address() as AddressInfo).port;
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 20));
  }
}

export interface PageOrigins {
  readonly listed: string;
  readonly unlisted: string;
  close(): Promise<void>;
}

/** Two empty HTML pages on their own loopback ports: the origin a fix lists, and one it does not. */
export async function startPageOrigins(): Promise<PageOrigins> {
  const servers = [0, 1].map(() =>
    createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<!doctype html><title>page</title>");
    }),
  );
  const [listed, unlisted] = await Promise.all(servers.map(listen));
  return {
    listed: `http://127.0.0.1:${listed}`,
    unlisted: `http://127.0.0.1:${unlisted}`,
    close: async () => {
      await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
    },
  };
}
