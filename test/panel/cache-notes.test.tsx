// @vitest-environment happy-dom
// The server view's cache notes: a request a cache answered with another origin's stored
// response, the risk on an allowed cacheable echo without Vary: Origin, and per-CDN notes with
// the CDN seen in the server's headers marked. Page data renders as text.
import { cleanup, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { HeaderList } from "../../src/engine/types";
import type { ReportEntry } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, makeEntry, PAGE_ORIGIN } from "../helpers/report-fixtures";

const API = "https://api.example.test";
const headers = (...pairs: [string, string][]): HeaderList => pairs.map(([name, value]) => ({ name, value }));

const cachedHit: ReportEntry = makeEntry({
  id: "r-cached",
  url: `${API}/v1/avatar`,
  diagnosis: {
    verdict: "blocked",
    code: "MissingAllowOriginHeader",
    failedParameter: "",
    stage: "response",
    title: "No Access-Control-Allow-Origin (served from cache)",
    advisories: [{ id: "served-from-cache", message: "Send Vary: Origin on every response whose CORS headers depend on the Origin <img src=x onerror=alert(1)>." }],
    requirements: { origin: PAGE_ORIGIN, methods: ["GET"], requestHeaders: [], credentials: false, exposeHeaders: [], preflight: false, path: "/v1/avatar", serverOrigin: API },
  },
  response: { url: `${API}/v1/avatar`, status: 200, requestHeaders: [], responseHeaders: headers(["Cache-Control", "max-age=600"], ["cf-cache-status", "HIT"]) },
});
const riskyAllowed: ReportEntry = makeEntry({
  id: "r-risk",
  url: `${API}/v1/profile`,
  blocked: false,
  error: null,
  diagnosis: { verdict: "allowed", title: "Allowed", advisories: [{ id: "vary-origin", message: "The server echoes a specific origin without Vary: Origin." }] },
  response: { url: `${API}/v1/profile`, status: 200, requestHeaders: [], responseHeaders: headers(["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Cache-Control", "max-age=60"]) },
});

afterEach(cleanup);

async function serverCard(entries: readonly ReportEntry[]) {
  const store = createStore(new FakeConnection({ entries: [...entries] }), FIXTURE_TAB, { fixes });
  render(<Panel store={store} services={new FakeServices()} />);
  await userEvent.setup().click(screen.getByTestId("view-servers"));
  return screen.getAllByTestId("server")[0]!;
}

describe("server view: caches and Vary: Origin", () => {
  it("names the cached answer, the risk, and each CDN's setting, marking the CDN seen", async () => {
    const server = await serverCard([cachedHit, riskyAllowed]);
    const notes = within(server).getByTestId("server-cache-notes");
    expect(within(notes).getByTestId("server-cache-served").textContent).toContain("1 request got a response a cache had stored");
    expect(within(notes).getByTestId("server-cache-risk").textContent).toContain("Risk: 1 allowed response echo the origin");
    const cdns = within(notes).getByTestId("cdn-notes");
    expect([...cdns.querySelectorAll("[data-cdn]")].map((node) => node.getAttribute("data-cdn"))).toEqual(["cloudfront", "cloudflare", "fastly", "nginx", "s3"]);
    expect(cdns.querySelector('[data-seen="true"]')?.getAttribute("data-cdn")).toBe("cloudflare");
    expect(cdns.textContent).toContain("proxy_cache_key");
    // The advisory's text is page-influenced: text, never markup.
    expect(notes.querySelector("img")).toBeNull();
  });

  it("shows the risk alone on a server whose only answer is an allowed cacheable echo", async () => {
    const server = await serverCard([riskyAllowed]);
    expect(within(server).getByTestId("server-cache-risk")).toBeTruthy();
    expect(within(server).queryByTestId("server-cache-served")).toBeNull();
  });

  it("says nothing of caches when no entry of the server calls for it", async () => {
    const plain = makeEntry({ id: "r-plain", url: `${API}/v1/x`, blocked: false, error: null, diagnosis: { verdict: "allowed", title: "Allowed", advisories: [] } });
    const server = await serverCard([plain]);
    expect(within(server).queryByTestId("server-cache-notes")).toBeNull();
  });
});
