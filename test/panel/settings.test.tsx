// @vitest-environment happy-dom
// The panel's settings go through the worker (the UI never calls the browser API): the recording
// mode, and the layout (splitters, columns, sort, grouping), saved once a drag rests and restored
// from the snapshot.
import { cleanup, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT } from "../../src/shared/layout";
import type { ExtensionState } from "../../src/shared/messages";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { ALL_FIXTURES, FIXTURE_TAB } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPanel(state: Partial<ExtensionState> = {}) {
  const connection = new FakeConnection({ entries: ALL_FIXTURES, state });
  const store = createStore(connection, FIXTURE_TAB, { fixes });
  const user = userEvent.setup();
  render(<Panel store={store} services={new FakeServices()} />);
  return { connection, store, user };
}

const rows = () => within(screen.getByTestId("request-list")).queryAllByTestId("row");

describe("recording mode", () => {
  it("switches between always and only while DevTools is open, through the worker", async () => {
    const { connection, user } = renderPanel();
    const select = screen.getByLabelText("Recording mode") as HTMLSelectElement;
    expect(select.value).toBe("always");
    await user.selectOptions(select, "devtools");
    expect(connection.requests).toContainEqual({ type: "set-recording", recording: "devtools" });
    await waitFor(() => expect(select.value).toBe("devtools"));
  });

  it("says so when the worker is not listening because no DevTools window is open", () => {
    renderPanel({ recording: "devtools", listening: false });
    expect(screen.getByTestId("not-listening-banner").textContent).toContain("only while DevTools is open");
    cleanup();
    renderPanel({ recording: "devtools", listening: true });
    expect(screen.queryByTestId("not-listening-banner")).toBeNull();
  });
});

describe("remembered layout", () => {
  it("comes from the worker's snapshot: grouping, sort, widths and splitter", async () => {
    const { user } = renderPanel({ layout: { ...DEFAULT_LAYOUT, listWidth: 321, grouped: false, sort: { column: "name", direction: "desc" }, columns: { domain: 111 } } });
    expect(screen.getByTestId("group-toggle").getAttribute("aria-pressed")).toBe("false");
    expect(rows().map((row) => row.querySelector(".cd-cell--name")?.textContent)).toEqual(["report", "orders", "me", "42"]);
    expect(screen.getByTestId("resize-domain").getAttribute("aria-valuenow")).toBe("111");
    await user.click(rows()[0]!);
    expect(screen.getByTestId("splitter").getAttribute("aria-valuenow")).toBe("321");
  });

  it("is saved through the worker once the splitter rests, in one request", async () => {
    const { connection, user } = renderPanel();
    await user.click(rows()[0]!);
    screen.getByTestId("splitter").focus();
    await user.keyboard("{ArrowRight}{ArrowRight}{ArrowRight}");
    await waitFor(() => expect(connection.requests.filter((r) => r.type === "set-layout")).toHaveLength(1));
    expect(connection.requests.find((r) => r.type === "set-layout")).toEqual({
      type: "set-layout",
      layout: { ...DEFAULT_LAYOUT, listWidth: DEFAULT_LAYOUT.listWidth + 72 },
    });
    expect(connection.state.layout?.listWidth).toBe(DEFAULT_LAYOUT.listWidth + 72);
  });
});
