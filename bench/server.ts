// The bench's own lab: a page origin and an API origin on 127.0.0.1, so every request the page
// makes is cross-origin. The API answers allowed, preflighted and refused requests, each after an
// optional delay, and never lets anything be cached.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface BenchServer {
  readonly pageOrigin: string;
  readonly apiOrigin: string;
  /** Server delay for API answers, changeable between runs. */
  delayMs: number;
  close(): Promise<void>;
}

/** Requests the load page makes: mostly simple and allowed, some preflighted, some refused. */
export const LOAD_MIX = { allowed: 240, preflighted: 40, blocked: 20 } as const;
export const LOAD_REQUESTS = LOAD_MIX.allowed + LOAD_MIX.preflighted + LOAD_MIX.blocked;

// Runs in the page: fires the mix at once and records when the last request settled, relative to
// navigation start (performance.now's origin).
const LOAD_SCRIPT = `
const query = new URLSearchParams(location.search);
const api = query.get("api");
const run = query.get("run");
const mix = ${JSON.stringify(LOAD_MIX)};
const calls = [];
for (let i = 0; i < mix.allowed; i++) calls.push(fetch(api + "/allowed?run=" + run + "&i=" + i));
for (let i = 0; i < mix.preflighted; i++) calls.push(fetch(api + "/preflighted?run=" + run + "&i=" + i, { method: "PUT", headers: { "X-Bench": "1" } }));
for (let i = 0; i < mix.blocked; i++) calls.push(fetch(api + "/blocked?run=" + run + "&i=" + i));
Promise.allSettled(calls).then((results) => {
  window.benchResult = { loadMs: performance.now(), failed: results.filter((r) => r.status === "rejected").length };
});
`;

// Runs in the probe page: one refused request on demand, with the wall-clock times around it.
const PROBE_SCRIPT = `
const api = new URLSearchParams(location.search).get("api");
window.probe = (id) => {
  const startedAt = Date.now();
  const done = (ok) => ({ startedAt, settledAt: Date.now(), ok });
  return fetch(api + "/blocked?probe=" + id).then(() => done(true), () => done(false));
};
`;

const html = (script: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><script src="${script}"></script></body></html>`;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

export async function startBenchServer(): Promise<BenchServer> {
  const page = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    response.setHeader("cache-control", "no-store");
    if (path === "/load.js" || path === "/probe.js") {
      response.setHeader("content-type", "text/javascript");
      response.end(path === "/load.js" ? LOAD_SCRIPT : PROBE_SCRIPT);
      return;
    }
    response.setHeader("content-type", "text/html; charset=utf-8");
    response.end(html(path === "/probe" ? "/probe.js" : "/load.js"));
  });
  const state = { delayMs: 0 };
  const api = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    const origin = request.headers.origin ?? "*";
    const answer = () => {
      response.setHeader("cache-control", "no-store");
      if (path === "/preflighted" && request.method === "OPTIONS") {
        response.writeHead(204, {
          "access-control-allow-origin": origin,
          "access-control-allow-methods": "PUT",
          "access-control-allow-headers": "x-bench",
        });
        response.end();
        return;
      }
      if (path !== "/blocked") response.setHeader("access-control-allow-origin", origin);
      response.setHeader("content-type", "application/json");
      response.end(`{"ok":true}`);
    };
    request.resume();
    if (state.delayMs > 0) setTimeout(answer, state.delayMs);
    else answer();
  });
  const pagePort = await listen(page);
  const apiPort = await listen(api);
  return {
    // Another port is another origin: every API request is cross-origin.
    pageOrigin: `http://127.0.0.1:${pagePort}`,
    apiOrigin: `http://127.0.0.1:${apiPort}`,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    async close() {
      page.closeAllConnections();
      api.closeAllConnections();
      await Promise.all([new Promise((r) => page.close(r)), new Promise((r) => api.close(r))]);
    },
  };
}
