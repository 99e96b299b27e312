// @vitest-environment happy-dom
// The list as a DevTools user expects it: Name, Status and Domain columns, sortable and resizable;
// one row per cause with a count, opened on demand; the "Failed, not CORS" section.
import { cleanup, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportEntry } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { ALL_FIXTURES, FIXTURE_TAB, NOT_CORS_FIXTURES, preflight401, putDisallowed, sameCause, wildcardCredentials } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPanel(entries: readonly ReportEntry[]) {
  const connection = new FakeConnection({ entries });
  const store = createStore(connection, FIXTURE_TAB, { fixes });
  const user = userEvent.setup();
  render(<Panel store={store} services={new FakeServices()} />);
  return { connection, store, user };
}

const rows = () => within(screen.getByTestId("request-list")).queryAllByTestId("row");
const names = () => rows().map((row) => row.querySelector(".cd-cell--name")?.textContent);
const cell = (row: HTMLElement, column: string) => row.querySelector(`.cd-cell--${column}`);

describe("columns", () => {
  it("sorts by a column on click: ascending, descending, then the default order", async () => {
    const { user } = renderPanel(ALL_FIXTURES);
    expect(names()).toEqual(["orders", "42", "me", "report"]);
    const header = screen.getByTestId("sort-name");
    await user.click(header);
    expect(names()).toEqual(["42", "me", "orders", "report"]);
    expect(header.parentElement!.getAttribute("aria-sort")).toBe("ascending");
    await user.click(header);
    expect(names()).toEqual(["report", "orders", "me", "42"]);
    expect(header.parentElement!.getAttribute("aria-sort")).toBe("descending");
    await user.click(header);
    expect(names()).toEqual(["orders", "42", "me", "report"]);
    await user.click(screen.getByTestId("sort-status"));
    expect(rows().map((row) => cell(row, "status")?.textContent)).toEqual(["200", "200", "204 preflight", "401 preflight"]);
  });

  it("resizes a column from the keyboard and remembers its width in the layout", async () => {
    const { store, user } = renderPanel(ALL_FIXTURES);
    const handle = screen.getByTestId("resize-domain");
    expect(handle.getAttribute("aria-valuenow")).toBe("160");
    handle.focus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(store.settings.layout.value.columns.domain).toBe(192);
    expect(screen.getByTestId("list-header").style.gridTemplateColumns).toContain("192px");
    expect(rows()[0]!.style.gridTemplateColumns).toContain("192px");
    await user.keyboard("{ArrowLeft}".repeat(20));
    expect(store.settings.layout.value.columns.domain).toBe(50); // the column's smallest width
  });

  it("shows the full failure title and Chromium's code on hover, and the host in Domain", () => {
    renderPanel([putDisallowed]);
    const row = rows()[0]!;
    expect(cell(row, "failure")?.getAttribute("title")).toBe("PUT not in Access-Control-Allow-Methods\nMethodDisallowedByPreflightResponse (PUT)");
    expect(cell(row, "domain")?.textContent).toBe("api.example.test");
    expect(cell(row, "name")?.getAttribute("title")).toBe(putDisallowed.url);
    expect(cell(row, "status")?.getAttribute("title")).toBe("The preflight (OPTIONS) answered 204.");
  });

  it("shows only the Name column while the details sit beside the list, as DevTools does", async () => {
    const { user } = renderPanel(ALL_FIXTURES);
    await user.click(rows()[0]!);
    expect(screen.getByTestId("details")).toBeTruthy();
    expect(screen.getByTestId("list-header").textContent).toBe("Name");
    expect(rows()[0]!.querySelectorAll(".cd-cell")).toHaveLength(1);
    await user.click(screen.getByLabelText("Close details"));
    expect(screen.getByTestId("list-header").textContent).toBe("NameStatusMethodDomainFailureTypeTime");
  });
});

describe("one row per cause", () => {
  const forty = sameCause(preflight401, 40, "orders");
  const three = sameCause(putDisallowed, 3, "put");
  const entries = [...three, wildcardCredentials, ...forty];

  it("groups by server, code and failedParameter, largest first, with a count", () => {
    renderPanel(entries);
    expect(rows()).toHaveLength(3);
    expect(rows().map((row) => [row.dataset.kind, row.dataset.code, row.dataset.count])).toEqual([
      ["group", "PreflightMissingAllowOriginHeader", "40"],
      ["group", "MethodDisallowedByPreflightResponse", "3"],
      ["entry", "WildcardOriginNotAllowed", undefined],
    ]);
    expect(within(rows()[0]!).getByTestId("count").textContent).toBe("40×");
    expect(rows()[0]!.getAttribute("aria-expanded")).toBe("false");
  });

  it("opens a group on demand (click or ArrowRight) and closes it (ArrowLeft)", async () => {
    const { user } = renderPanel(entries);
    await user.click(within(rows()[1]!).getByTestId("disclosure"));
    expect(rows()).toHaveLength(6);
    expect(rows().slice(2, 5).map((row) => [row.dataset.kind, row.getAttribute("aria-level")])).toEqual([
      ["entry", "2"],
      ["entry", "2"],
      ["entry", "2"],
    ]);
    expect(screen.queryByTestId("details")).toBeNull(); // the disclosure does not select
    screen.getByRole("treegrid").focus();
    await user.keyboard("{Home}{ArrowRight}");
    expect(rows()[0]!.getAttribute("aria-expanded")).toBe("true");
    expect(rows().length).toBeGreaterThan(30);
    await user.keyboard("{ArrowDown}{ArrowLeft}");
    expect(rows()[0]!.getAttribute("aria-selected")).toBe("true"); // from a member back to its group
    await user.keyboard("{ArrowLeft}");
    expect(rows()[0]!.getAttribute("aria-expanded")).toBe("false");
  });

  it("a selected group shows its cause's details once, with how many requests share it", async () => {
    const { user } = renderPanel(entries);
    await user.click(rows()[0]!);
    expect(screen.getByTestId("explanation").textContent).toBe(preflight401.diagnosis.explanation);
    expect(screen.getByTestId("shared-by").textContent).toContain("40 listed requests share this cause");
    expect(screen.getByTestId("fixes")).toBeTruthy();
  });

  it("lists every request again with one click", async () => {
    const { store, user } = renderPanel(entries);
    const toggle = screen.getByTestId("group-toggle");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    await user.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    expect(store.rows.value).toHaveLength(44);
    expect(rows().every((row) => row.dataset.kind === "entry")).toBe(true);
    await user.click(toggle);
    expect(rows()).toHaveLength(3);
  });
});

describe("Failed, not CORS", () => {
  it("lists failures people mistake for CORS in their own section without Show allowed", () => {
    renderPanel([...ALL_FIXTURES, ...NOT_CORS_FIXTURES]);
    const section = screen.getByTestId("section");
    expect(section.textContent).toBe("Failed, not CORS 6");
    expect(rows().filter((row) => row.dataset.failure).map((row) => row.dataset.failure).sort()).toEqual([
      "blocked-by-client",
      "certificate",
      "connection-refused",
      "dns",
      "local-network",
      "mixed-content",
    ]);
    // The CORS failures come first, the section after them.
    const order = [...screen.getByTestId("request-list").querySelectorAll("[data-testid=row], [data-testid=section]")];
    expect(order.indexOf(section)).toBe(4);
  });

  it.each([
    ["req-refused", "Connection refused", "Start the server"],
    ["req-dns", "Host name not found (DNS)", "Check the host name"],
    ["req-adblock", "Blocked by an extension", "Disable the blocker"],
    ["req-mixed", "Mixed content", "Serve the API over https"],
    ["req-cert", "Certificate error", "Fix the certificate"],
    ["req-lna", "Local Network Access", "let the user grant local network access"],
  ])("%s says what it is and what to do", async (id, label, todo) => {
    const { user } = renderPanel(NOT_CORS_FIXTURES);
    await user.click(screen.getByTestId("request-list").querySelector(`[data-entry-id="${id}"]`)!);
    const note = screen.getByTestId("not-cors");
    expect(note.textContent).toContain(label);
    expect(screen.getByTestId("not-cors-todo").textContent).toContain(todo);
  });

  it("arrow keys step over the section heading", async () => {
    const { store, user } = renderPanel([preflight401, NOT_CORS_FIXTURES[0]!]);
    screen.getByRole("treegrid").focus();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(store.selection.id.value).toBe("req-refused");
    await user.keyboard("{ArrowUp}");
    expect(store.selection.id.value).toBe(preflight401.id);
  });
});
