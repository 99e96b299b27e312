// @vitest-environment happy-dom
// The server view: requests grouped by server, the policy with its basis, the fix per stack with
// an ESM/CommonJS switch that is remembered with the settings, and the link from a request's details.
import { cleanup, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HeaderList } from "../../src/engine/types";
import { readPolicyFile } from "../../src/fixes/policy-file";
import type { PolicyFile, ReportEntry } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { LEGACY_MODULE_STYLE_KEY } from "../../src/ui/module-style";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, makeEntry, PAGE_ORIGIN } from "../helpers/report-fixtures";

const API = "https://api.example.test";

function headers(...pairs: [string, string][]): HeaderList {
  return pairs.map(([name, value]) => ({ name, value }));
}

// As the worker sends them: no fixes, no detected stacks; the panel computes both per server.
const allowedPost: ReportEntry = makeEntry({
  id: "r-post",
  url: `${API}/v1/orders`,
  method: "POST",
  blocked: false,
  error: null,
  diagnosis: { verdict: "allowed", title: "Allowed" },
  preflight: {
    url: `${API}/v1/orders`,
    status: 204,
    requestHeaders: headers(["Origin", PAGE_ORIGIN], ["Access-Control-Request-Method", "POST"], ["Access-Control-Request-Headers", "authorization,content-type"]),
    responseHeaders: headers(
      ["Access-Control-Allow-Origin", PAGE_ORIGIN],
      ["Access-Control-Allow-Methods", "GET,POST"],
      ["Access-Control-Allow-Headers", "content-type,authorization"],
      ["Access-Control-Allow-Credentials", "true"],
      ["X-Powered-By", "Express"],
    ),
  },
  response: { url: `${API}/v1/orders`, status: 201, requestHeaders: [], responseHeaders: headers(["Access-Control-Allow-Origin", PAGE_ORIGIN], ["X-Powered-By", "Express"]) },
});
const blockedPut: ReportEntry = makeEntry({
  id: "r-put",
  url: `${API}/v1/orders/7`,
  method: "PUT",
  diagnosis: {
    verdict: "blocked",
    code: "MethodDisallowedByPreflightResponse",
    failedParameter: "PUT",
    stage: "preflight",
    title: "PUT not allowed by the preflight",
    requirements: {
      origin: PAGE_ORIGIN,
      methods: ["PUT"],
      requestHeaders: ["x-request-id"],
      credentials: false,
      exposeHeaders: [],
      preflight: true,
      path: "/v1/orders/7",
      serverOrigin: API,
    },
  },
  preflight: {
    url: `${API}/v1/orders/7`,
    status: 204,
    requestHeaders: headers(["Origin", PAGE_ORIGIN], ["Access-Control-Request-Method", "PUT"], ["Access-Control-Request-Headers", "x-request-id"]),
    responseHeaders: headers(["Access-Control-Allow-Origin", PAGE_ORIGIN], ["Access-Control-Allow-Methods", "GET,POST"], ["X-Powered-By", "Express"]),
  },
  request: { headers: [], sent: false },
});
const otherServer: ReportEntry = makeEntry({
  id: "r-cdn",
  url: "https://cdn.example.test/font.woff2",
  blocked: false,
  error: null,
  resourceType: "font",
  diagnosis: { verdict: "allowed", title: "Allowed" },
  response: { url: "https://cdn.example.test/font.woff2", status: 200, requestHeaders: [], responseHeaders: headers(["Access-Control-Allow-Origin", "*"]) },
});

function renderPanel(connection = new FakeConnection({ entries: [allowedPost, blockedPut, otherServer] })) {
  const store = createStore(connection, FIXTURE_TAB, { fixes });
  const services = new FakeServices();
  render(<Panel store={store} services={services} />);
  return { store, services, connection, user: userEvent.setup() };
}

beforeEach(() => {
  localStorage.clear();
});
afterEach(cleanup);

describe("server view", () => {
  it("groups requests by server, blocked servers first, with counts and page origins", async () => {
    const { user } = renderPanel();
    await user.click(screen.getByTestId("view-servers"));
    expect(screen.getByTestId("view-servers").textContent).toBe("Servers (2)");
    const servers = screen.getAllByTestId("server");
    expect(servers.map((server) => server.getAttribute("data-server"))).toEqual([API, "https://cdn.example.test"]);
    expect(within(servers[0]!).getByTestId("server-counts").textContent).toContain("2 requests: 1 blocked, 1 allowed");
    expect(within(servers[0]!).getByTestId("server-counts").textContent).toContain(`called from ${PAGE_ORIGIN}`);
    expect(within(servers[1]!).queryByTestId("fix-panel")).toBeNull();
    expect(servers[1]!.textContent).toContain("no change needed");
  });

  it("shows the policy with what each part is based on, merged with the server's own allowances", async () => {
    const { user } = renderPanel();
    await user.click(screen.getByTestId("view-servers"));
    const policy = within(screen.getAllByTestId("server")[0]!).getByTestId("policy");
    const text = policy.textContent ?? "";
    for (const value of ["PUT", "POST", "GET", "authorization", "content-type", "x-request-id", "Origin", "600"]) expect(text).toContain(value);
    expect(text).toContain("PUT /v1/orders/7 (blocked)");
    expect(text).toContain("the server's Access-Control-Allow-Methods");
    // Credentials: the server already allowed them (its own ACAC), so the policy keeps them.
    expect(text).toMatch(/Credentials\s*true.*Access-Control-Allow-Credentials: true/s);
    expect(within(screen.getAllByTestId("server")[0]!).getByTestId("server-requests").textContent).toContain("✕ blocked PUT /v1/orders/7");
  });

  it("offers the fix per stack with an ESM/CommonJS switch that is remembered", async () => {
    const { user, connection } = renderPanel();
    await user.click(screen.getByTestId("view-servers"));
    const server = screen.getAllByTestId("server")[0]!;
    const panel = within(server).getByTestId("fix-panel");
    expect(within(server).getAllByRole("tab")[0]!.textContent).toContain("Express");
    expect(panel.querySelector(".cd-code code")!.textContent).toContain('import cors from "cors";');
    await user.click(within(panel).getByLabelText("CommonJS (require)"));
    expect(panel.querySelector(".cd-code code")!.textContent).toContain('const cors = require("cors");');
    // Kept with the worker's settings, as the layout is (one place for panel preferences).
    await waitFor(() => expect(connection.state.layout?.moduleStyle).toBe("cjs"));
    expect(localStorage.getItem(LEGACY_MODULE_STYLE_KEY)).toBeNull();
    cleanup();
    // A new panel (DevTools reopened) shows the chosen style, also in a request's details.
    const { user: again } = renderPanel(connection);
    await again.click(within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
    const details = screen.getByTestId("details");
    expect(within(details).getByTestId("fix-panel").querySelector(".cd-code code")!.textContent).toContain("require(");
  });

  it("carries over, once, the module style an earlier version kept in localStorage", async () => {
    localStorage.setItem(LEGACY_MODULE_STYLE_KEY, "cjs");
    const { user, connection } = renderPanel();
    await user.click(within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
    expect(within(screen.getByTestId("details")).getByTestId("fix-panel").querySelector(".cd-code code")!.textContent).toContain("require(");
    await waitFor(() => expect(connection.state.layout?.moduleStyle).toBe("cjs"));
    expect(localStorage.getItem(LEGACY_MODULE_STYLE_KEY)).toBeNull();
  });

  it("exports the policy file verify reads: a labelled button, every server, its requests, read back unchanged", async () => {
    const { user, services } = renderPanel();
    await user.click(screen.getByTestId("view-servers"));
    await user.click(screen.getByRole("button", { name: "Export policy" }));
    expect(services.saved).toHaveLength(1);
    const saved = services.saved[0]!;
    expect(saved).toMatchObject({ fileName: "cors-policy.json", mimeType: "application/json" });
    const file = JSON.parse(saved.text) as PolicyFile;
    expect(readPolicyFile(file)).toEqual(file);
    expect(file).toMatchObject({ format: "cors-doctor-policy", version: 1 });
    const api = file.servers.find((server) => server.origin === API)!;
    expect(api).toMatchObject({ public: false, origins: [PAGE_ORIGIN], credentials: true });
    expect(api.methods).toEqual(expect.arrayContaining(["PUT", "POST", "GET"]));
    expect(api.requestHeaders).toEqual(expect.arrayContaining(["authorization", "content-type", "x-request-id"]));
    expect(api.requests).toContainEqual({ method: "PUT", path: "/v1/orders/7", origin: PAGE_ORIGIN, headers: ["x-request-id"], credentials: false });
    expect(file.servers.map((server) => server.origin)).toContain("https://cdn.example.test");
  });

  it("says in a request's details that the fix is the server's, and opens the server view", async () => {
    const { user } = renderPanel();
    await user.click(within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
    const note = screen.getByTestId("server-fix-note");
    expect(note.textContent).toContain(`policy of the whole server ${API}: it covers 2 of the 2 requests`);
    await user.click(within(note).getByTestId("open-server-view"));
    expect(screen.getByTestId("server-view")).toBeTruthy();
  });
});
