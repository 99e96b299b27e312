// @vitest-environment happy-dom
// The panel's sources: a HAR file opens beside the live recording (Import HAR…, drag and drop),
// with a store of its own, progress while it is read, what it could not tell, and Close file.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Sources } from "../../src/ui/components/Sources";
import { createSources } from "../../src/ui/sources";
import { createStore } from "../../src/ui/store";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { fixes } from "../helpers/fix-library";
import { ScriptedImporter } from "../helpers/har-importers";
import { ALL_FIXTURES, allowedGet, FIXTURE_TAB, preflight401, putDisallowed, sameCause } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderSources() {
  const connection = new FakeConnection({ entries: ALL_FIXTURES });
  const importer = new ScriptedImporter();
  const live = createStore(connection, FIXTURE_TAB, { fixes });
  const sources = createSources({ live, connection, importer, fixes });
  const services = new FakeServices();
  const user = userEvent.setup();
  render(<Sources sources={sources} services={services} />);
  return { connection, importer, live, sources, services, user };
}

const harFile = (name = "support-ticket.har", text = "{}") => new File([text], name, { type: "application/json" });
const rowNames = () =>
  within(screen.getByTestId("request-list"))
    .queryAllByTestId("row")
    .map((row) => row.querySelector(".cd-cell--name")?.textContent);
const fileEntries = sameCause(preflight401, 3, "h").concat([{ ...putDisallowed, id: "h9" }]);

async function importFile(user: ReturnType<typeof userEvent.setup>, file = harFile()) {
  const input = screen.getByTestId("import-har-input") as HTMLInputElement;
  await user.upload(input, file);
}

describe("Import HAR…", () => {
  it("is a toolbar button named by its label, next to a hidden file input", () => {
    renderSources();
    const toolbar = screen.getByRole("toolbar");
    const button = within(toolbar).getByRole("button", { name: "Import HAR…" });
    expect(button).toBeTruthy();
    const input = screen.getByTestId("import-har-input") as HTMLInputElement;
    expect(input.type).toBe("file");
    expect(input.hidden).toBe(true);
    // No tabs while only the live recording is there.
    expect(screen.queryByRole("tablist", { name: "Sources" })).toBeNull();
  });

  it("opens the file as a source of its own, with progress, then the same list and what the file could not tell", async () => {
    const { importer, user } = renderSources();
    const liveNames = rowNames();
    await importFile(user);
    expect(importer.reads).toHaveLength(1);
    const tabs = within(screen.getByRole("tablist", { name: "Sources" })).getAllByRole("tab");
    expect(tabs.map((tab) => tab.textContent)).toEqual(["Live: this tab", "support-ticket.har"]);
    expect(tabs[1]!.getAttribute("aria-selected")).toBe("true");
    expect(tabs[1]!.getAttribute("aria-controls")).toBe(document.querySelector(".cd-source-panel")?.id);
    // Nothing listed yet: the view says what is happening instead of an empty list.
    expect(screen.getByTestId("import-progress").textContent).toContain("Reading support-ticket.har (0.0 MB)…");
    expect(screen.queryByTestId("request-list")).toBeNull();

    const read = importer.last();
    act(() => read.listener.progress({ phase: "reading", done: 1_000, total: 10_000 }));
    expect(screen.getByTestId("import-progress").textContent).toContain("Reading support-ticket.har: 1,000 of 10,000 entries");
    const bar = within(screen.getByTestId("import-progress")).getByRole("progressbar");
    expect(bar.getAttribute("max")).toBe("10000");
    expect(bar.getAttribute("value")).toBe("1000");
    // The count changes several times a second: not read out each time; the end is (role=status).
    expect(screen.getByTestId("import-progress").closest("[role=status], [aria-live]")).toBeNull();

    act(() => {
      read.listener.entries(fileEntries.slice(0, 2));
      read.listener.progress({ phase: "judging", done: 2, total: 4 });
    });
    expect(screen.getByTestId("import-progress").textContent).toContain("Judging support-ticket.har: 2 of 4 requests");
    act(() => read.listener.entries(fileEntries.slice(2)));
    act(() =>
      read.listener.done({
        flavor: "other",
        creator: "Playwright 1.50.0",
        entryCount: 12,
        requestCount: 4,
        notices: [{ level: "warning", id: "no-preflights", message: "This file has no preflight requests: Playwright does not record them." }],
      }),
    );
    const summary = screen.getByTestId("import-summary");
    expect(summary.getAttribute("role")).toBe("status");
    // A file's requests are not announced as new blocked requests as they are read.
    expect(screen.queryByTestId("announcer")).toBeNull();
    expect(summary.textContent).toContain("support-ticket.har: 12 entries written by another tool, Playwright 1.50.0; 4 cross-origin requests judged.");
    const notice = within(summary).getByRole("listitem");
    expect(notice.dataset.notice).toBe("no-preflights");
    expect(notice.textContent).toBe("This file has no preflight requests: Playwright does not record them.");
    // The file's list, grouped by cause as the live one: three requests share one cause.
    await waitFor(() => expect(rowNames()).toHaveLength(2));
    expect(rowNames()).not.toEqual(liveNames);
    const group = within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!;
    expect(group.textContent).toContain("3");
  });

  it("opens the details and the fix of a file's request, as for live ones", async () => {
    const { importer, user } = renderSources();
    await importFile(user);
    act(() => {
      importer.last().listener.entries([{ ...putDisallowed, id: "h1" }]);
      importer.last().listener.done({ flavor: "chromium", creator: "WebInspector 537.36", entryCount: 3, requestCount: 1, notices: [] });
    });
    const row = await waitFor(() => within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
    await user.dblClick(row);
    await waitFor(() => expect(screen.getByRole("tablist", { name: "Fix for your server" })).toBeTruthy());
    expect(screen.getByTestId("import-summary").textContent).toContain("Chrome DevTools, WebInspector 537.36");
  });

  it("shows a file's server view, with the fix library the page loads on demand", async () => {
    const connection = new FakeConnection({ entries: ALL_FIXTURES });
    const importer = new ScriptedImporter();
    const loader = () => Promise.resolve(fixes);
    const live = createStore(connection, FIXTURE_TAB, { fixes: loader });
    const sources = createSources({ live, connection, importer, fixes: loader });
    const user = userEvent.setup();
    render(<Sources sources={sources} services={new FakeServices()} />);
    await importFile(user);
    act(() => {
      importer.last().listener.entries(fileEntries);
      importer.last().listener.done({ flavor: "chromium", creator: "WebInspector 537.36", entryCount: 8, requestCount: 4, notices: [] });
    });
    await user.click(await screen.findByTestId("view-servers"));
    await waitFor(() => expect(screen.queryByTestId("servers-loading")).toBeNull());
    expect(screen.getByTestId("server-view").textContent).toContain("api.example.test");
  });

  it("exports a file's requests, and only them", async () => {
    const { importer, services, user } = renderSources();
    await importFile(user);
    act(() => {
      importer.last().listener.entries(fileEntries);
      importer.last().listener.done({ flavor: "chromium", creator: "WebInspector 537.36", entryCount: 8, requestCount: 4, notices: [] });
    });
    await user.click(await screen.findByRole("button", { name: "Export JSON" }));
    await waitFor(() => expect(services.saved).toHaveLength(1));
    const report = JSON.parse(services.saved[0]!.text) as { entries: { id: string }[] };
    expect(report.entries.map((entry) => entry.id).sort()).toEqual(fileEntries.map((entry) => entry.id).sort());
  });

  it("leaves the live recording untouched: it keeps recording, and Close file goes back to it", async () => {
    const { connection, importer, live, user } = renderSources();
    expect(rowNames()).toEqual(["orders", "42", "me", "report"]);
    await importFile(user);
    act(() => importer.last().listener.entries(fileEntries));
    // The worker records on while the file is shown.
    act(() => connection.add(FIXTURE_TAB, [{ ...preflight401, id: "later", url: "https://api.example.test/v1/later" }]));
    expect(connection.requests.some((request) => request.type === "clear")).toBe(false);
    await user.click(screen.getByRole("button", { name: "Close file" }));
    expect(importer.last().stopped).toBe(true);
    expect(screen.queryByRole("tablist", { name: "Sources" })).toBeNull();
    // The live list comes back with what was recorded meanwhile ("later" shares the first cause).
    await waitFor(() => expect(rowNames()).toEqual(["▸2×orders", "42", "me", "report"]));
    expect(live.entries.all.value.map((entry) => entry.id)).toEqual([...ALL_FIXTURES.map((entry) => entry.id), "later"]);
  });

  it("switches sources with the tabs and the arrow keys; Clear in a file's view clears only the file", async () => {
    const { connection, importer, user } = renderSources();
    await importFile(user, harFile("a.har"));
    act(() => importer.last().listener.entries([{ ...allowedGet, id: "h1", blocked: false }, { ...putDisallowed, id: "h2" }]));
    await importFile(user, harFile("b.har"));
    expect(within(screen.getByRole("tablist", { name: "Sources" })).getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Live: this tab", "a.har", "b.har"]);
    await user.click(screen.getByRole("button", { name: "Close file" }));
    expect(within(screen.getByRole("tablist", { name: "Sources" })).getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Live: this tab", "a.har"]);
    const live = screen.getByRole("tab", { name: "Live: this tab" });
    await user.click(live);
    expect(live.getAttribute("aria-selected")).toBe("true");
    expect(screen.queryByRole("button", { name: "Close file" })).toBeNull();
    live.focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "a.har" }).getAttribute("aria-selected")).toBe("true");
    await user.click(screen.getByRole("button", { name: "Clear" }));
    expect(connection.requests.some((request) => request.type === "clear")).toBe(false);
    expect(connection.entries(FIXTURE_TAB)).toHaveLength(ALL_FIXTURES.length);
  });

  it("says why a file could not be read, never a blank view, and the live list is still there", async () => {
    const { importer, user } = renderSources();
    await importFile(user, harFile("broken.har", "{\"log\": {"));
    act(() => importer.last().listener.failed({ kind: "truncated", message: "The file ends in the middle of its JSON: it was cut off." }));
    const alert = screen.getByRole("alert");
    expect(alert.dataset.kind).toBe("truncated");
    expect(alert.textContent).toContain("broken.har could not be read as a HAR file.");
    expect(alert.textContent).toContain("The file ends in the middle of its JSON: it was cut off.");
    expect(alert.textContent).toContain("Nothing in it was judged. The live recording is unchanged.");
    await user.click(screen.getByRole("button", { name: "Close file" }));
    expect(rowNames().length).toBeGreaterThan(0);
  });

  it("says what was judged when the reading broke off after some batches", async () => {
    const { importer, user } = renderSources();
    await importFile(user);
    act(() => {
      importer.last().listener.entries(fileEntries.slice(0, 2));
      importer.last().listener.failed({ kind: "failed", message: "The reader stopped: out of memory." });
    });
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The 2 requests listed were judged before it stopped; the rest of the file was not.");
    expect(rowNames().length).toBeGreaterThan(0);
  });

  it("says so when the importer itself throws, never a view stuck reading", async () => {
    const connection = new FakeConnection({ entries: ALL_FIXTURES });
    const live = createStore(connection, FIXTURE_TAB, { fixes });
    const importer = {
      read(): () => void {
        throw new Error("no worker here");
      },
    };
    const sources = createSources({ live, connection, importer, fixes });
    render(<Sources sources={sources} services={new FakeServices()} />);
    await importFile(userEvent.setup());
    expect(screen.getByRole("alert").textContent).toContain("The file could not be read: no worker here.");
    expect(screen.queryByTestId("import-progress")).toBeNull();
  });

  it("opens a file dropped onto the panel, and shows where to drop while a file is dragged over", () => {
    const { importer } = renderSources();
    const zone = screen.getByTestId("drop-zone");
    const file = harFile("dropped.har");
    const dataTransfer = { types: ["Files"], files: [file], dropEffect: "none" };
    fireEvent.dragEnter(zone, { dataTransfer });
    expect(screen.getByTestId("drop-overlay").textContent).toBe("Drop a HAR file to open it beside the live recording");
    fireEvent.dragOver(zone, { dataTransfer });
    fireEvent.drop(zone, { dataTransfer });
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    expect(importer.reads.map((read) => read.file.name)).toEqual(["dropped.har"]);
    expect(screen.getByRole("tab", { name: "dropped.har" }).getAttribute("aria-selected")).toBe("true");
  });

  it("ignores drags that carry no file", () => {
    const { importer } = renderSources();
    const zone = screen.getByTestId("drop-zone");
    const dataTransfer = { types: ["text/plain"], files: [] };
    fireEvent.dragEnter(zone, { dataTransfer });
    fireEvent.drop(zone, { dataTransfer });
    expect(screen.queryByTestId("drop-overlay")).toBeNull();
    expect(importer.reads).toHaveLength(0);
  });
});
