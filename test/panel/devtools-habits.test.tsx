// @vitest-environment happy-dom
// DevTools habits: the row's context menu (mouse and keyboard), Esc closes the details, and the
// filter's code:/status:/method:/domain: terms.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ReportEntry } from "../../src/shared/report";
import { Panel } from "../../src/ui/components/Panel";
import { requestCurl, preflightCurl } from "../../src/ui/curl";
import { entryMarkdown } from "../../src/ui/export";
import { fetchSnippet } from "../../src/ui/fetch-snippet";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { ALL_FIXTURES, FIXTURE_TAB, NOT_CORS_FIXTURES, preflight401, putDisallowed } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPanel(entries: readonly ReportEntry[] = ALL_FIXTURES) {
  const services = new FakeServices();
  const store = createStore(new FakeConnection({ entries }), FIXTURE_TAB, { fixes });
  const user = userEvent.setup();
  render(<Panel store={store} services={services} />);
  return { services, store, user };
}

const rows = () => within(screen.getByTestId("request-list")).queryAllByTestId("row");
const ids = () => rows().map((row) => row.dataset.entryId);

describe("context menu", () => {
  it("right-click on a row offers the five copies, and each copies what it says", async () => {
    const { services, user } = renderPanel();
    const expected: Record<string, string> = {
      url: preflight401.url,
      curl: `${preflightCurl(preflight401)!.command}\n\n${requestCurl(preflight401).command}`,
      fetch: fetchSnippet(preflight401),
      fix: preflight401.fixes[0]!.snippet,
      markdown: entryMarkdown(preflight401),
    };
    for (const [id, text] of Object.entries(expected)) {
      fireEvent.contextMenu(rows()[0]!, { clientX: 40, clientY: 30 });
      const menu = screen.getByRole("menu");
      expect(within(menu).getAllByRole("menuitem").map((item) => item.textContent)).toEqual([
        "Copy URL",
        "Copy as cURL (preflight and request)",
        "Copy as fetch",
        `Copy fix (${preflight401.fixes[0]!.title})`,
        "Copy as Markdown",
      ]);
      await user.click(within(menu).getByTestId(`menu-${id}`));
      expect(services.copied.at(-1)).toBe(text);
      await waitFor(() => expect(screen.queryByRole("menu")).toBeNull());
    }
    expect(services.copied).toHaveLength(5);
  });

  it("opens from the keyboard (Shift+F10 and the context-menu key), moves with arrows, closes with Esc", async () => {
    const { services, user } = renderPanel();
    screen.getByRole("treegrid").focus();
    await user.keyboard("{ArrowDown}{ArrowDown}{Shift>}{F10}{/Shift}");
    const menu = screen.getByRole("menu");
    expect(document.activeElement?.textContent).toBe("Copy URL");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(document.activeElement?.textContent).toBe("Copy as fetch");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("treegrid"));
    expect(services.copied).toEqual([]);
    expect(menu.isConnected).toBe(false);
    await user.keyboard("{ContextMenu}");
    await user.keyboard("{Enter}");
    expect(services.copied).toEqual([putDisallowed.url]);
  });

  it("Copy fix is disabled when there is no fix (a failure that is not CORS)", () => {
    renderPanel([NOT_CORS_FIXTURES[0]!]);
    fireEvent.contextMenu(rows()[0]!, { clientX: 10, clientY: 10 });
    expect((screen.getByTestId("menu-fix") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("menu-url") as HTMLButtonElement).disabled).toBe(false);
  });

  it("a click outside closes it without copying", async () => {
    const { services, user } = renderPanel();
    fireEvent.contextMenu(rows()[0]!, { clientX: 10, clientY: 10 });
    await user.click(screen.getByTestId("list-header"));
    expect(screen.queryByRole("menu")).toBeNull();
    expect(services.copied).toEqual([]);
  });
});

describe("Esc", () => {
  it("closes the details and leaves the focus and the selection in the list", async () => {
    const { store, user } = renderPanel();
    await user.click(rows()[1]!);
    expect(screen.getByTestId("details")).toBeTruthy();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("details")).toBeNull();
    expect(store.selection.id.value).toBe(putDisallowed.id);
    expect(document.activeElement).toBe(screen.getByRole("treegrid"));
  });

  it("in the filter clears the filter and keeps the details", async () => {
    const { user } = renderPanel();
    await user.click(rows()[0]!);
    await user.type(screen.getByLabelText("Filter requests"), "orders");
    await user.keyboard("{Escape}");
    expect(screen.getByTestId("details")).toBeTruthy();
  });
});

describe("filter terms", () => {
  it.each([
    ["code:PreflightMissing", [preflight401.id]],
    ["code:preflight", [preflight401.id, "req-put-method"]],
    ["-code:preflight", ["req-wildcard", "req-redirect"]],
    ["method:put", ["req-put-method"]],
    ["status:401", [preflight401.id]],
    ["-status:200", [preflight401.id, "req-put-method"]],
    ["domain:files.example.test", []],
    ["domain:*.example.test method:GET", ["req-wildcard", "req-redirect"]],
    ["domain:api.example.test v1/me", ["req-wildcard"]],
  ])("%j", async (text, expected) => {
    const { user } = renderPanel();
    await user.type(screen.getByLabelText("Filter requests"), text);
    expect(ids()).toEqual(expected);
  });
});
