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
  function renderWith(state: Partial<ExtensionState>, grant = true) {
    const connection = new FakeConnection({ entries: ALL_FIXTURES, state });
    const store = createStore(connection, FIXTURE_TAB, { fixes });
    const services = new FakeServices();
    services.grant = grant;
    render(<Panel store={store} services={services} />);
    return { connection, services, user: userEvent.setup() };
  }

  it("without the grant: records while DevTools is open, asks for access when always is chosen, then switches", async () => {
    const { connection, services, user } = renderWith({});
    const select = screen.getByLabelText("Record") as HTMLSelectElement;
    expect(select.value).toBe("devtools");
    expect(screen.getByRole("option", { name: "always (asks for access)" })).toBeTruthy();
    await user.selectOptions(select, "always");
    expect(services.asked).toBe(1);
    await waitFor(() => expect(connection.requests).toContainEqual({ type: "set-recording", recording: "always" }));
    await waitFor(() => expect(select.value).toBe("always"));
  });

  it("a refused grant leaves the mode and says so", async () => {
    const { connection, services, user } = renderWith({}, false);
    const select = screen.getByLabelText("Record") as HTMLSelectElement;
    await user.selectOptions(select, "always");
    expect(services.asked).toBe(1);
    await waitFor(() => expect(screen.getByTestId("record-always-note").textContent).toContain("not granted"));
    expect(connection.requests.filter((r) => r.type === "set-recording")).toEqual([]);
    expect(select.value).toBe("devtools");
  });

  it("with the grant: switches without asking, and the access can be given back from the panel", async () => {
    const { connection, services, user } = renderWith({ recording: "always", recordAlwaysGranted: true, listening: true });
    const select = screen.getByLabelText("Record") as HTMLSelectElement;
    expect(select.value).toBe("always");
    await user.click(screen.getByRole("button", { name: "Revoke access" }));
    expect(services.revoked).toBe(1);
    await user.selectOptions(select, "devtools");
    expect(connection.requests).toContainEqual({ type: "set-recording", recording: "devtools" });
    await user.selectOptions(select, "always");
    expect(services.asked).toBe(0);
  });

  it("says plainly when recording started and that a reload shows the page's earlier requests", () => {
    const since = new Date(2026, 11, 7, 12, 3, 4).getTime();
    renderWith({ recording: "devtools", observedTabs: [{ tabId: FIXTURE_TAB, since }] });
    const notice = screen.getByTestId("recording-notice").textContent ?? "";
    expect(notice).toContain("since 12:03:04");
    expect(notice).toContain("Reload the page to see its earlier requests");
    expect(screen.getByRole("button", { name: "Record always…" }).getAttribute("title")).toContain("access to every site");
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
