// The real panel (standalone mount, production build) over the fake worker holding 10,000 entries.
// The entries are made before the clock starts: only mounting and rendering are timed.
import { mountPanel } from "../../src/panel/standalone";
import { FakeConnection, FakeServices } from "../../test/helpers/fake-connection";
import { FIXTURE_TAB, manyEntries } from "../../test/helpers/report-fixtures";

const count = Number(new URLSearchParams(location.search).get("count") ?? "10000");
const connection = new FakeConnection({ entries: manyEntries(count) });
const root = document.getElementById("app")!;

function nextFrame(): Promise<number> {
  // After the frame that follows rendering has been produced: rAF, then a task after it.
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
}

const start = performance.now();
mountPanel(root, connection, { tabId: FIXTURE_TAB, theme: "light", services: new FakeServices() });
const mountedAt = performance.now();
const rowsBeforeFrame = root.querySelectorAll("[data-testid=row]").length;
void nextFrame().then((paintedAt) => {
  let nodes = 0;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes++;
  (window as unknown as { benchPanel: unknown }).benchPanel = {
    mountMs: mountedAt - start,
    firstFrameMs: paintedAt - start,
    rowsBeforeFrame,
    rows: root.querySelectorAll("[data-testid=row]").length,
    elements: document.getElementsByTagName("*").length,
    nodes,
    entries: count,
  };
});
