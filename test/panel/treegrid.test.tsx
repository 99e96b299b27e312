// @vitest-environment happy-dom
// What a screen reader is told about the list and the views: a treegrid whose first row holds the
// column headers (the sorted one with aria-sort), rows that say where they are in the whole list
// although only some are in the DOM, group rows that expand; the views as tabs moved with arrows.
import { cleanup, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportEntry } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { buildRows, rowPositions } from "../../src/ui/rows";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, NOT_CORS_FIXTURES, preflight401, putDisallowed, sameCause, wildcardCredentials } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPanel(entries: readonly ReportEntry[]) {
  const store = createStore(new FakeConnection({ entries }), FIXTURE_TAB, { fixes });
  render(<Panel store={store} services={new FakeServices()} />);
  return { store, user: userEvent.setup() };
}

const grid = () => screen.getByRole("treegrid", { name: "Cross-origin requests" });
const position = (row: HTMLElement) => ["aria-rowindex", "aria-level", "aria-posinset", "aria-setsize"].map((name) => row.getAttribute(name));

describe("rowPositions", () => {
  const entries = [...sameCause(preflight401, 3, "pre"), ...sameCause(putDisallowed, 2, "put"), wildcardCredentials, ...NOT_CORS_FIXTURES];
  it.each([
    ["closed groups: one level", false],
    ["an open group: its members one level down", true],
  ])("%s", (_name, open) => {
    const closed = buildRows({ entries, grouped: true, expanded: new Set() });
    const rows = buildRows({ entries, grouped: true, expanded: new Set(open ? [closed[0]!.key] : []) });
    const positionOf = rowPositions(rows);
    const table = rows.map((row, index) => [row.kind, ...Object.values(positionOf(index))]);
    const top = rows.filter((row) => !(row.kind === "entry" && row.depth === 1)).length;
    // Every row of level 1 is in one set (the "Failed, not CORS" heading among them), numbered in order.
    expect(table.filter((row) => row[1] === 1).map((row) => [row[2], row[3]])).toEqual(Array.from({ length: top }, (_, i) => [i + 1, top]));
    const members = table.filter((row) => row[1] === 2);
    expect(members.map((row) => [row[0], row[2], row[3]])).toEqual(!open ? [] : [["entry", 1, 3], ["entry", 2, 3], ["entry", 3, 3]]);
  });
});

describe("the request list as a treegrid", () => {
  const entries = [...sameCause(preflight401, 3, "pre"), ...sameCause(putDisallowed, 2, "put"), wildcardCredentials];

  it("has its column headers as its first row, the sorted one with aria-sort", async () => {
    const { user } = renderPanel(entries);
    const [header] = within(grid()).getAllByRole("row");
    expect(header!.getAttribute("aria-rowindex")).toBe("1");
    const headers = within(header!).getAllByRole("columnheader");
    expect(headers.map((cell) => cell.textContent)).toEqual(["Name", "Status", "Method", "Domain", "Failure", "Type", "Time"]);
    expect(headers.every((cell) => !cell.hasAttribute("aria-sort"))).toBe(true);
    await user.click(within(headers[1]!).getByRole("button", { name: "Status" }));
    expect(within(grid()).getAllByRole("columnheader")[1]!.getAttribute("aria-sort")).toBe("ascending");
    await user.click(within(grid()).getAllByRole("columnheader")[1]!.querySelector("button")!);
    expect(within(grid()).getAllByRole("columnheader")[1]!.getAttribute("aria-sort")).toBe("descending");
  });

  it("counts every row, and each row says where it is; a group row's name is what it shows", async () => {
    const { user } = renderPanel(entries);
    expect(grid().getAttribute("aria-rowcount")).toBe("4"); // the header and three rows
    expect(grid().getAttribute("aria-colcount")).toBe("7");
    const rows = () => within(grid()).getAllByTestId("row");
    expect(rows().map(position)).toEqual([
      ["2", "1", "1", "3"],
      ["3", "1", "2", "3"],
      ["4", "1", "3", "3"],
    ]);
    const group = rows()[0]!;
    expect(group.hasAttribute("aria-label")).toBe(false);
    expect(group.getAttribute("aria-expanded")).toBe("false");
    expect(within(group).getAllByRole("gridcell")).toHaveLength(7);
    await user.click(within(group).getByTestId("disclosure"));
    expect(grid().getAttribute("aria-rowcount")).toBe("7");
    expect(rows().map(position).slice(0, 5)).toEqual([
      ["2", "1", "1", "3"],
      ["3", "2", "1", "3"],
      ["4", "2", "2", "3"],
      ["5", "2", "3", "3"],
      ["6", "1", "2", "3"],
    ]);
    // The selection is the active descendant, marked aria-selected.
    grid().focus();
    await user.keyboard("{ArrowDown}");
    expect(grid().getAttribute("aria-activedescendant")).toBe(rows()[0]!.id);
    expect(rows()[0]!.getAttribute("aria-selected")).toBe("true");
  });

  it("keys pressed on a column header are the header's: Enter sorts, it does not open the details", async () => {
    const { user } = renderPanel(entries);
    grid().focus();
    await user.keyboard("{ArrowDown}");
    within(grid()).getAllByRole("columnheader")[0]!.querySelector("button")!.focus();
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("details")).toBeNull();
    expect(within(grid()).getAllByRole("columnheader")[0]!.getAttribute("aria-sort")).toBe("ascending");
  });

  it("puts the 'Failed, not CORS' heading in the grid as a row of its own", () => {
    renderPanel([wildcardCredentials, ...NOT_CORS_FIXTURES]);
    const section = screen.getByTestId("section");
    expect(section.getAttribute("role")).toBe("row");
    expect(within(section).getByRole("rowheader").textContent).toContain("Failed, not CORS");
  });
});

describe("the views as tabs", () => {
  it("are a tablist whose tabs control the view's panel; arrows move and show", async () => {
    const { user } = renderPanel([preflight401]);
    const tabs = within(screen.getByRole("tablist", { name: "View" })).getAllByRole("tab");
    expect(tabs.map((tab) => [tab.textContent?.replace(/ \(\d+\)$/, ""), tab.getAttribute("aria-selected"), tab.tabIndex])).toEqual([
      ["Requests", "true", 0],
      ["Servers", "false", -1],
    ]);
    const panel = screen.getByRole("tabpanel", { name: "Requests" });
    expect(tabs[0]!.getAttribute("aria-controls")).toBe(panel.id);
    tabs[0]!.focus();
    await user.keyboard("{ArrowRight}");
    expect(document.activeElement).toBe(screen.getByTestId("view-servers"));
    expect(screen.getByTestId("view-servers").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("server-view")).toBeTruthy();
    await user.keyboard("{Home}");
    expect(screen.getByTestId("view-requests").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("treegrid")).toBeTruthy();
  });

  it("one main landmark with the page's heading; the details a labelled region with a heading per section", async () => {
    const { user } = renderPanel([preflight401]);
    expect(screen.getAllByRole("main")).toHaveLength(1);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("CORS Doctor");
    await user.click(within(grid()).getAllByTestId("row")[0]!);
    const details = screen.getByRole("region", { name: "Request details" });
    expect(within(details).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(
      expect.arrayContaining(["Explanation", "Timeline", "Expected vs received", "Fix"]),
    );
  });
});
