// The real panel (standalone mount, production build) over the fake worker holding 10,000 entries.
// The entries are made before the clock starts: only mounting and rendering are timed. The panel
// connects to its worker in an effect (after the first paint), so the figure that matters is the
// first frame that shows rows, not the return of mountPanel.
import { mountPanel } from "../../src/panel/standalone";
import { FakeConnection, FakeServices } from "../../test/helpers/fake-connection";
import { FIXTURE_TAB, manyEntries } from "../../test/helpers/report-fixtures";

const count = Number(new URLSearchParams(location.search).get("count") ?? "10000");
const connection = new FakeConnection({ entries: manyEntries(count) });
const root = document.getElementById("app")!;
const rowCount = (): number => root.querySelectorAll("[data-testid=row]").length;

/** Resolves after the next frame has been produced: rAF, then a task after it. */
function afterNextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

const start = performance.now();
mountPanel(root, connection, { tabId: FIXTURE_TAB, theme: "light", services: new FakeServices() });
const mountedAt = performance.now();
const rowsBeforeFrame = rowCount();

async function measure(): Promise<void> {
  const firstFrameAt = await afterNextFrame();
  let rowsAt = rowCount() > 0 ? firstFrameAt : Number.NaN;
  while (Number.isNaN(rowsAt)) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (rowCount() > 0) rowsAt = performance.now();
  }
  const rowsPaintedAt = await afterNextFrame();
  let nodes = 0;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes++;
  (window as unknown as { benchPanel: unknown }).benchPanel = {
    mountMs: mountedAt - start,
    firstFrameMs: rowsPaintedAt - start,
    rowsInDomMs: rowsAt - start,
    emptyFrameMs: firstFrameAt - start,
    rowsBeforeFrame,
    rows: rowCount(),
    elements: document.getElementsByTagName("*").length,
    nodes,
    entries: count,
  };
}
void measure();
