// @vitest-environment happy-dom
// In Firefox the details name the failure by Firefox's reason first (with MDN's page and Firefox's
// console line), Chromium's code beside it; in Chromium nothing about Firefox is shown.
import { cleanup, render, screen, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { Panel } from "../../src/ui/components/Panel";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { FIXTURE_TAB, makeEntry, preflight401 } from "../helpers/report-fixtures";

afterEach(cleanup);

const FIREFOX_LINE =
  "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example.test/v1/orders. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 401.";
const inFirefox = makeEntry({
  ...preflight401,
  diagnosis: {
    ...preflight401.diagnosis,
    browser: "firefox",
    firefoxReason: {
      key: "CORSMissingAllowOrigin",
      parameter: "",
      consoleMessage: FIREFOX_LINE,
      url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/CORSMissingAllowOrigin",
    },
  },
});

async function openDetails(entry = inFirefox) {
  const store = createStore(new FakeConnection({ entries: [entry] }), FIXTURE_TAB, { theme: "light", fixes });
  render(<Panel store={store} services={new FakeServices()} />);
  await userEvent.setup().click(within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
  return screen.getByTestId("details");
}

describe("failure names", () => {
  it("puts Firefox's reason first in Firefox, Chromium's code beside it, and Firefox's console line", async () => {
    const details = await openDetails();
    const reason = within(details).getByTestId("firefox-reason");
    expect(reason.textContent).toContain("Firefox: CORSMissingAllowOrigin");
    expect(reason.querySelector("a")?.getAttribute("href")).toBe(inFirefox.diagnosis.firefoxReason!.url);
    const code = within(details).getByTestId("error-code");
    expect(code.textContent).toBe("Chromium: PreflightMissingAllowOriginHeader");
    expect(reason.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(details).getByTestId("firefox-console").textContent).toBe(FIREFOX_LINE);
  });

  it("shows Chromium's names alone in Chromium", async () => {
    const details = await openDetails(preflight401);
    expect(within(details).queryByTestId("firefox-reason")).toBeNull();
    expect(within(details).queryByTestId("firefox-console")).toBeNull();
    expect(within(details).getByTestId("error-code").textContent).toBe("Chromium: PreflightMissingAllowOriginHeader");
  });
});
