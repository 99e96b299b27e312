// The real panel (standalone mount, production build) over the fake worker holding 10,000 entries.
// The entries are made before the clock starts: only mounting and rendering are timed. Rendering
// is asynchronous (Preact commits the snapshot's rows after mountPanel returns), so the figure that
// matters is the first frame that shows rows, not the return of mountPanel.
import { mountPanel } from "../../src/panel/standalone";
import { FakeConnection, FakeServices } from "../../test/helpers/fake-connection";
import { FIXTURE_TAB, manyEntries } from "../../test/helpers/report-fixtures";

const count = Number(new URLSearchParams(location.search).get("count") ?? "10000");
const connection = new FakeConnection({ entries: manyEntries(count) });
const root = document.getElementById("app")!;
const rowCount = (): number => root.querySelectorAll("[data-testid=row]").length;

interface Frame {
  /** When the frame's requestAnimationFrame callback ran: the DOM it saw is what the frame paints. */
  readonly callbackAt: number;
  readonly rows: boolean;
  /** A task after the frame: the frame has been produced by then. */
  readonly producedAt: number;
}

function nextFrame(): Promise<Frame> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const callbackAt = performance.now();
      const rows = rowCount() > 0;
      setTimeout(() => resolve({ callbackAt, rows, producedAt: performance.now() }), 0);
    }),
  );
}

// One row per request unless ?grouped=1: the list the targets were set for (10,000 rows).
const grouped = new URLSearchParams(location.search).get("grouped") === "1";
const start = performance.now();
const mounted = mountPanel(root, connection, { tabId: FIXTURE_TAB, theme: "light", services: new FakeServices() });
mounted.store.setLayout({ grouped });
const mountedAt = performance.now();
const rowsBeforeFrame = rowCount();

async function measure(): Promise<void> {
  const first = await nextFrame();
  let frame = first;
  while (!frame.rows) frame = await nextFrame();
  const rowsPaintedAt = frame.producedAt;
  let nodes = 0;
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes++;
  (window as unknown as { benchPanel: unknown }).benchPanel = {
    mountMs: mountedAt - start,
    firstFrameMs: rowsPaintedAt - start,
    rowsInDomMs: frame.callbackAt - start,
    emptyFrameMs: first.producedAt - start,
    rowsBeforeFrame,
    rows: rowCount(),
    elements: document.getElementsByTagName("*").length,
    nodes,
    entries: count,
  };
}
void measure();
