// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { createStore, type Theme } from "../../src/ui/store";
import { fixes as fixLibrary } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import {
  ALL_FIXTURES,
  allowedGet,
  FIXTURE_TAB,
  PAGE_ORIGIN,
  preflight401,
  putDisallowed,
  redirectMissingHeader,
  wildcardCredentials,
} from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPanel(entries = ALL_FIXTURES, theme: Theme = "light") {
  const connection = new FakeConnection({ entries });
  const services = new FakeServices();
  const store = createStore(connection, FIXTURE_TAB, { theme, fixes: fixLibrary });
  const user = userEvent.setup();
  const view = render(<Panel store={store} services={services} />);
  return { connection, services, store, user, view };
}

const rows = () => within(screen.getByTestId("request-list")).queryAllByTestId("row");
const rowTexts = () => rows().map((row) => row.querySelector(".cd-cell--name")?.textContent);
const selectedRow = () => rows().find((row) => row.getAttribute("aria-selected") === "true");

describe("request list", () => {
  it("lists blocked requests with name, status, method, domain, failure, type and time", () => {
    renderPanel();
    expect(screen.getByRole("treegrid", { name: "Cross-origin requests" })).toBeTruthy();
    expect(rowTexts()).toEqual([
      "orders",
      "42",
      "me",
      "report",
    ]);
    const first = rows()[0]!;
    expect(first.dataset.status).toBe("blocked");
    expect(first.dataset.code).toBe("PreflightMissingAllowOriginHeader");
    expect(within(first).getByText("POST")).toBeTruthy();
    expect(within(first).getByText(preflight401.diagnosis.title)).toBeTruthy();
    expect(within(first).getByText("xmlhttprequest")).toBeTruthy();
    expect(first.querySelector(".cd-cell--name")?.getAttribute("title")).toBe(preflight401.url);
    expect(first.querySelector(".cd-cell--domain")?.textContent).toBe("api.example.test");
    expect(first.querySelector(".cd-cell--status")?.textContent).toBe("401 preflight");
    expect(first.querySelector(".cd-cell--failure")?.getAttribute("title")).toBe(`${preflight401.diagnosis.title}\nPreflightMissingAllowOriginHeader`);
    expect(screen.getByTestId("list-header").textContent).toBe("NameStatusMethodDomainFailureTypeTime");
    expect(first.querySelector(".cd-cell--time")?.textContent).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it("shows allowed requests when asked, and sorts by time", async () => {
    const { user } = renderPanel();
    await user.click(screen.getByLabelText("Show allowed"));
    expect(rows()).toHaveLength(5);
    expect(rows().at(-1)!.dataset.status).toBe("allowed");
    await user.click(screen.getByTestId("sort-time"));
    expect(rows()[2]!.dataset.status).toBe("allowed");
  });

  it("filters by text, by error and by type", async () => {
    const { user } = renderPanel();
    await user.type(screen.getByLabelText("Filter requests"), "PUT");
    expect(rowTexts()).toEqual(["42"]);
    await user.clear(screen.getByLabelText("Filter requests"));
    await user.selectOptions(screen.getByLabelText("Filter by error"), "WildcardOriginNotAllowed");
    expect(rowTexts()).toEqual(["me"]);
    await user.selectOptions(screen.getByLabelText("Filter by error"), "");
    await user.selectOptions(screen.getByLabelText("Filter by type"), "fetch");
    expect(rowTexts()).toEqual(["42", "report"]);
  });

  it("updates live when the worker records more requests", async () => {
    const { connection } = renderPanel([preflight401]);
    expect(rows()).toHaveLength(1);
    connection.add(FIXTURE_TAB, [putDisallowed]);
    await waitFor(() => expect(rows()).toHaveLength(2));
  });

  it("clear and preserve log go to the worker", async () => {
    const { connection, user } = renderPanel();
    await user.click(screen.getByLabelText("Preserve log"));
    expect(connection.requests).toContainEqual({ type: "set-preserve-log", preserveLog: true });
    await waitFor(() => expect((screen.getByLabelText("Preserve log") as HTMLInputElement).checked).toBe(true));
    await user.click(screen.getByTestId("clear"));
    expect(connection.requests).toContainEqual({ type: "clear", tabId: FIXTURE_TAB });
    await waitFor(() => expect(screen.getByTestId("empty-state").dataset.kind).toBe("nothing-recorded"));
  });
});

describe("selection and keyboard", () => {
  it("arrows move the selection, Enter opens the details and focuses them", async () => {
    const { user } = renderPanel();
    screen.getByRole("treegrid").focus();
    await user.keyboard("{ArrowDown}");
    expect(selectedRow()?.querySelector(".cd-cell--name")?.textContent).toBe("orders");
    expect(screen.queryByTestId("details")).toBeNull();
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    expect(selectedRow()?.querySelector(".cd-cell--name")?.textContent).toBe("42");
    expect(screen.getByRole("treegrid").getAttribute("aria-activedescendant")).toBe(selectedRow()!.id);
    await user.keyboard("{Enter}");
    const details = screen.getByTestId("details");
    expect(within(details).getByRole("heading", { level: 2 }).textContent).toBe(putDisallowed.diagnosis.title);
    expect(document.activeElement).toBe(within(details).getByRole("heading", { level: 2 }));
    await user.keyboard("{End}");
    expect(screen.getByTestId("details")).toBeTruthy();
  });

  it("the details follow the selection once open", async () => {
    const { user } = renderPanel();
    await user.click(rows()[0]!);
    expect(screen.getByTestId("explanation").textContent).toBe(preflight401.diagnosis.explanation);
    screen.getByRole("treegrid").focus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByTestId("explanation").textContent).toBe(putDisallowed.diagnosis.explanation);
    await user.click(screen.getByLabelText("Close details"));
    expect(screen.queryByTestId("details")).toBeNull();
  });

  it("/ and Ctrl+F focus the filter; Esc clears it", async () => {
    const { user } = renderPanel();
    const filter = screen.getByLabelText("Filter requests") as HTMLInputElement;
    screen.getByRole("treegrid").focus();
    await user.keyboard("/");
    expect(document.activeElement).toBe(filter);
    expect(filter.value).toBe("");
    await user.keyboard("orders");
    expect(rows()).toHaveLength(1);
    await user.keyboard("{Escape}");
    expect(filter.value).toBe("");
    expect(rows()).toHaveLength(4);
    screen.getByRole("treegrid").focus();
    await user.keyboard("{Control>}f{/Control}");
    expect(document.activeElement).toBe(filter);
  });
});

describe("details", () => {
  async function open(entryIndex: number, showAllowed = false) {
    const rendered = renderPanel();
    if (showAllowed) await rendered.user.click(screen.getByLabelText("Show allowed"));
    await rendered.user.click(rows()[entryIndex]!);
    return { ...rendered, details: screen.getByTestId("details") };
  }

  it("explains the failure with Chromium's error, the preflight reasons and the timeline", async () => {
    const { details } = await open(0);
    expect(within(details).getByTestId("error-code").textContent).toBe("Chromium: PreflightMissingAllowOriginHeader");
    expect(within(details).getByTestId("preflight-reasons").textContent).toContain("The request sets the Authorization header");
    const steps = within(details).getByTestId("timeline").querySelectorAll("li");
    expect([...steps].map((s) => [s.dataset.kind, s.dataset.failed])).toEqual([
      ["preflight", "true"],
      ["request", "false"],
    ]);
    expect(steps[0]!.textContent).toContain("401");
    expect(steps[1]!.textContent).toContain("not sent");
  });

  it("shows expected next to received with the failing row marked and absent values named", async () => {
    const { details } = await open(0);
    const table = within(details).getByTestId("checks");
    const bodyRows = table.querySelectorAll("tbody tr");
    expect(bodyRows).toHaveLength(2);
    expect((bodyRows[0] as HTMLElement).dataset.failing).toBe("true");
    expect(bodyRows[0]!.textContent).toContain(PAGE_ORIGIN);
    expect(bodyRows[0]!.textContent).toContain("absent");
    expect((bodyRows[1] as HTMLElement).dataset.failing).toBe("false");
  });

  it("shows the redirect hop in the timeline", async () => {
    const { details } = await open(3);
    const kinds = [...within(details).getByTestId("timeline").querySelectorAll("li")].map((li) => li.dataset.kind);
    expect(kinds).toEqual(["redirect", "request"]);
    expect(within(details).getByTestId("timeline").textContent).toContain(`302`);
    expect(within(details).getByTestId("timeline").textContent).toContain(`→ ${redirectMissingHeader.finalUrl}`);
  });

  it("marks inferred facts with their evidence", async () => {
    const { details } = await open(2);
    const inferred = within(details).getByTestId("inferred");
    expect(within(inferred).getByText("inferred")).toBeTruthy();
    expect(inferred.textContent).toContain("credentials-mode: include");
    expect(inferred.textContent).toContain(wildcardCredentials.diagnosis.inferred[0]!.evidence);
  });

  it("offers fixes as tabs, the detected stack first with its evidence, and copies the snippet", async () => {
    const { details, services, user } = await open(2);
    const tabs = within(details).getAllByRole("tab");
    expect(tabs.map((t) => t.textContent)).toEqual(["Express (cors)detected", "Koa (@koa/cors)", "Hono (cors)"]);
    expect(tabs[0]!.getAttribute("aria-selected")).toBe("true");
    const panel = within(details).getByRole("tabpanel");
    expect(panel.textContent).toContain("X-Powered-By: Express");
    await user.click(tabs[2]!);
    expect(within(details).getByRole("tabpanel").textContent).toContain('app.use("/v1/*"');
    tabs[2]!.focus();
    await user.keyboard("{ArrowRight}");
    expect(within(details).getAllByRole("tab")[0]!.getAttribute("aria-selected")).toBe("true");
    await user.click(within(details).getByTestId("copy-fix"));
    expect(services.copied).toEqual([wildcardCredentials.fixes[0]!.snippet]);
    await waitFor(() => expect(within(details).getByTestId("copy-fix").textContent).toBe("Copied"));
  });

  it("offers the stacks beyond the first tabs in a menu", async () => {
    const fixes = Array.from({ length: 10 }, (_, i) => ({ ...putDisallowed.fixes[0]!, stack: `stack-${i}`, title: `Stack ${i}`, snippet: `config ${i}` }));
    const connection = new FakeConnection({ entries: [{ ...putDisallowed, fixes }] });
    render(<Panel store={createStore(connection, FIXTURE_TAB, { fixes: fixLibrary })} services={new FakeServices()} />);
    const user = userEvent.setup();
    await user.click(rows()[0]!);
    const details = screen.getByTestId("details");
    expect(within(details).getAllByRole("tab")).toHaveLength(6);
    const more = screen.getByTestId("more-stacks") as HTMLSelectElement;
    expect(within(more).getAllByRole("option").map((o) => o.textContent)).toEqual(["4 more stacks…", "Stack 6", "Stack 7", "Stack 8", "Stack 9"]);
    await user.selectOptions(more, "8");
    const tabs = within(details).getAllByRole("tab");
    expect(tabs).toHaveLength(7);
    expect(tabs[6]!.textContent).toBe("Stack 8");
    expect(tabs[6]!.getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("fix-panel").querySelector("pre code")!.textContent).toBe("config 8");
  });

  it("says when copying failed", async () => {
    const { details, services, user } = await open(2);
    services.failCopy = true;
    await user.click(within(details).getByTestId("copy-fix"));
    await waitFor(() => expect(within(details).getByTestId("copy-fix").textContent).toBe("Copy failed"));
  });

  it("falls back to the generic fix when no stack fix exists", async () => {
    const noFixes = { ...putDisallowed, fixes: [] };
    const connection = new FakeConnection({ entries: [noFixes] });
    const store = createStore(connection, FIXTURE_TAB, { fixes: fixLibrary });
    render(<Panel store={store} services={new FakeServices()} />);
    await userEvent.setup().click(rows()[0]!);
    expect(screen.getByTestId("fixes").textContent).toContain(putDisallowed.diagnosis.genericFix!);
    expect(within(screen.getByTestId("details")).queryByRole("tablist")).toBeNull();
  });

  it("gives curl commands for the preflight and the actual request, with placeholders", async () => {
    const { details, services, user } = await open(0);
    const preflight = within(details).getByTestId("curl-preflight");
    expect(preflight.querySelector("code")!.textContent).toContain("-X OPTIONS");
    const request = within(details).getByTestId("curl-request");
    expect(request.querySelector("code")!.textContent).toContain("-H 'Authorization: <your Authorization value>'");
    expect(request.textContent).toContain("Fill in before running: Authorization, request body");
    await user.click(within(details).getByTestId("copy-curl-request"));
    expect(services.copied[0]).toContain("curl -i");
  });

  it("has no preflight curl for a simple request, and no fix section when allowed", async () => {
    const { details } = await open(4, true);
    expect(within(details).queryByTestId("curl-preflight")).toBeNull();
    expect(within(details).getByTestId("preflight-reasons").textContent).toContain("No preflight");
    expect(within(details).queryByTestId("fixes")).toBeNull();
    expect(within(details).getByRole("heading", { level: 2 }).textContent).toBe(allowedGet.diagnosis.title);
  });

  it("copies one entry as a JSON report and as Markdown", async () => {
    const { details, services, user } = await open(1);
    await user.click(within(details).getByTestId("copy-entry-json"));
    const report = JSON.parse(services.copied[0]!) as Report;
    expect(report).toMatchObject({ format: "cors-doctor-report", version: 1, generatedAt: "2026-11-25T15:00:00.000Z" });
    expect(report.entries).toEqual([putDisallowed]);
    await user.click(within(details).getByTestId("copy-entry-markdown"));
    expect(services.copied[1]).toContain("`MethodDisallowedByPreflightResponse`");
  });
});

describe("export all", () => {
  it("saves the listed entries as JSON and as Markdown", async () => {
    const { services, user } = renderPanel();
    await user.click(screen.getByTestId("export-json"));
    await user.click(screen.getByTestId("export-markdown"));
    expect(services.saved.map((s) => [s.fileName, s.mimeType])).toEqual([
      ["cors-doctor-2026-11-25T15-00-00Z.json", "application/json"],
      ["cors-doctor-2026-11-25T15-00-00Z.md", "text/markdown"],
    ]);
    expect((JSON.parse(services.saved[0]!.text) as Report).entries).toHaveLength(4);
    expect(services.saved[1]!.text).toContain("4 requests, 4 blocked");
  });
});

describe("theme, split and states", () => {
  it.each(["light", "dark"] as const)("follows the %s DevTools theme", (theme) => {
    renderPanel(ALL_FIXTURES, theme);
    expect(screen.getByTestId("panel").dataset.theme).toBe(theme);
  });

  it("resizes the split with the keyboard", async () => {
    const { store, user } = renderPanel();
    await user.click(rows()[0]!);
    const splitter = screen.getByTestId("splitter");
    const before = store.settings.layout.value.listWidth;
    splitter.focus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(store.settings.layout.value.listWidth).toBe(before + 48);
    expect(splitter.getAttribute("aria-valuenow")).toBe(String(before + 48));
  });

  it("teaches when nothing was recorded yet", () => {
    renderPanel([]);
    const empty = screen.getByTestId("empty-state");
    expect(empty.dataset.kind).toBe("nothing-recorded");
    expect(empty.textContent).toContain("only while the extension is running");
    expect(empty.textContent).toContain("Reload the page");
  });

  it("says when nothing was blocked, and offers to show the allowed requests", async () => {
    const { user } = renderPanel([allowedGet]);
    const empty = screen.getByTestId("empty-state");
    expect(empty.dataset.kind).toBe("nothing-blocked");
    expect(empty.textContent).toContain("1 cross-origin request passed");
    await user.click(within(empty).getByRole("button", { name: "Show allowed requests" }));
    expect(rows()).toHaveLength(1);
  });

  it("says when the filter matches nothing, and clears it", async () => {
    const { user } = renderPanel();
    await user.type(screen.getByLabelText("Filter requests"), "zzz");
    expect(screen.getByTestId("empty-state").dataset.kind).toBe("no-match");
    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(rows()).toHaveLength(5);
  });

  it("pauses and resumes, shown clearly", async () => {
    const { connection, user } = renderPanel();
    expect(screen.queryByTestId("paused-banner")).toBeNull();
    await user.click(screen.getByTestId("pause"));
    expect(connection.requests).toContainEqual({ type: "set-paused", paused: true });
    await waitFor(() => expect(screen.getByTestId("paused-banner")).toBeTruthy());
    expect(screen.getByTestId("pause").getAttribute("aria-pressed")).toBe("true");
    await user.click(within(screen.getByTestId("paused-banner")).getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(screen.queryByTestId("paused-banner")).toBeNull());
    expect(connection.requests).toContainEqual({ type: "set-paused", paused: false });
  });

  it("a snapshot after a reconnect replaces the list", async () => {
    const { connection } = renderPanel([preflight401]);
    connection.emit({ type: "snapshot", tabId: FIXTURE_TAB, entries: [putDisallowed, redirectMissingHeader], state: { paused: false, preserveLog: false } });
    await waitFor(() => expect(rowTexts()).toEqual(["42", "report"]));
  });

  it("fires a click on a row via the DOM as well", () => {
    renderPanel();
    fireEvent.click(rows()[1]!);
    expect(screen.getByTestId("explanation").textContent).toBe(putDisallowed.diagnosis.explanation);
  });
});
