// @vitest-environment happy-dom
// The list renders a bounded window of rows whatever the number of entries.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { ROW_HEIGHT } from "../../src/ui/windowing";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, manyEntries } from "../helpers/report-fixtures";

afterEach(cleanup);

const ENTRY_COUNT = 10_000;
const DOM_NODE_BUDGET = 1_500;

/** Every node (elements, text, comments), not only elements. */
function countNodes(root: Node): number {
  let count = 1;
  for (let child = root.firstChild; child; child = child.nextSibling) count += countNodes(child);
  return count;
}

function renderMany() {
  const entries = manyEntries(ENTRY_COUNT);
  const store = createStore(new FakeConnection({ entries }), FIXTURE_TAB, { fixes });
  store.filter.showAllowed.value = true;
  store.filter.sort.value = "time";
  // One row per request: grouped by cause, the five fixtures make five rows.
  store.setLayout({ grouped: false });
  render(<Panel store={store} services={new FakeServices()} />);
  const list = screen.getByTestId("request-list");
  return { store, list, rows: () => within(list).getAllByTestId("row") };
}

describe("10,000 entries", () => {
  it(`keeps the whole document under ${DOM_NODE_BUDGET} nodes, with details open`, async () => {
    const { list, rows } = renderMany();
    await userEvent.setup().click(rows()[3]!);
    expect(screen.getByTestId("details")).toBeTruthy();
    const elementCount = document.querySelectorAll("*").length;
    const nodeCount = countNodes(document);
    console.info(`${ENTRY_COUNT} entries, details open: ${nodeCount} DOM nodes (${elementCount} elements), ${rows().length} rows rendered`);
    expect(nodeCount).toBeLessThanOrEqual(DOM_NODE_BUDGET);
    expect(rows().length).toBeLessThan(60);
    const spacer = list.querySelector<HTMLElement>(".cd-list-spacer")!;
    expect(spacer.style.height).toBe(`${ENTRY_COUNT * ROW_HEIGHT}px`);
  });

  it("renders the rows at the scroll position", () => {
    const { list, rows } = renderMany();
    list.scrollTop = 5000 * ROW_HEIGHT;
    fireEvent.scroll(list);
    const indices = rows().map((row) => Number(row.id.replace("cd-row-", "")));
    expect(indices).toContain(5000);
    expect(Math.min(...indices)).toBeGreaterThan(4900);
    expect(rows().length).toBeLessThan(60);
  });

  it("End jumps to the last entry and scrolls it into view", async () => {
    const { list, rows, store } = renderMany();
    list.focus();
    await userEvent.setup().keyboard("{End}");
    expect(store.selection.id.value).toBe(`bulk-${ENTRY_COUNT - 1}`);
    const selected = rows().find((row) => row.getAttribute("aria-selected") === "true");
    expect(selected?.id).toBe(`cd-row-${ENTRY_COUNT - 1}`);
    expect(list.getAttribute("aria-activedescendant")).toBe(selected?.id);
  });
});
