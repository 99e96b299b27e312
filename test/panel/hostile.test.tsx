// @vitest-environment happy-dom
// URLs, header values and everything derived from them are page-controlled: they must stay text.
import { cleanup, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Panel } from "../../src/ui/components/Panel";
import { Popup } from "../../src/ui/components/Popup";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, HOSTILE_IMG, HOSTILE_SCRIPT, hostileEntry } from "../helpers/report-fixtures";

afterEach(cleanup);

function expectNoInjectedElements(): void {
  expect(document.querySelectorAll("img, script, iframe, object, embed, svg")).toHaveLength(0);
  expect(document.querySelectorAll("[onerror], [onload]")).toHaveLength(0);
}

describe("hostile content", () => {
  it("the panel shows markup from URLs, headers, explanation and snippet as literal text", async () => {
    const services = new FakeServices();
    render(<Panel store={createStore(new FakeConnection({ entries: [hostileEntry] }), FIXTURE_TAB, { fixes })} services={services} />);
    const user = userEvent.setup();
    const row = within(screen.getByTestId("request-list")).getByTestId("row");
    expect(row.querySelector(".cd-cell--name")!.getAttribute("title")).toBe(hostileEntry.url);
    expect(row.textContent).toContain(HOSTILE_IMG);
    await user.click(row);
    const details = screen.getByTestId("details");
    expect(within(details).getByTestId("explanation").textContent).toBe(`The server sent ${HOSTILE_SCRIPT} and ${HOSTILE_IMG}.`);
    expect(within(details).getByTestId("checks").textContent).toContain(HOSTILE_SCRIPT);
    expect(within(details).getByTestId("error-code").textContent).toContain(HOSTILE_SCRIPT);
    expect(within(details).getByTestId("inferred").textContent).toContain(HOSTILE_IMG);
    expect(within(details).getByTestId("advisories").textContent).toContain(HOSTILE_IMG);
    const fixPanel = within(details).getByTestId("fix-panel");
    expect(fixPanel.querySelector("pre code")!.textContent).toBe(hostileEntry.fixes[0]!.snippet);
    expect(fixPanel.textContent).toContain(`X-Powered-By: ${HOSTILE_IMG}`);
    expect(within(details).getByRole("tab").textContent).toContain(HOSTILE_SCRIPT);
    expect(within(details).getByTestId("curl-request").textContent).toContain(HOSTILE_IMG);
    expectNoInjectedElements();

    await user.click(within(details).getByTestId("copy-entry-markdown"));
    expect(services.copied[0]).toContain("\\<img src=x onerror=alert\\(1\\)\\>");
    expectNoInjectedElements();
  });

  it("the popup shows hostile titles and URLs as text", () => {
    render(<Popup store={createStore(new FakeConnection({ entries: [hostileEntry] }), FIXTURE_TAB, { fixes })} services={new FakeServices()} />);
    expect(screen.getByTestId("latest").textContent).toContain(`Origin mismatch ${HOSTILE_IMG}`);
    expect(screen.getByTestId("failures").textContent).toContain(HOSTILE_IMG);
    expectNoInjectedElements();
  });
});
