// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CorsErrorCode } from "../../src/engine/types";
import type { Report } from "../../src/shared/report";
import { Popup } from "../../src/ui/components/Popup";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { ALL_FIXTURES, allowedGet, FIXTURE_TAB, makeEntry, manyEntries, putDisallowed, redirectMissingHeader } from "../helpers/report-fixtures";

afterEach(cleanup);

function renderPopup(entries = ALL_FIXTURES) {
  const connection = new FakeConnection({ entries });
  const services = new FakeServices();
  render(<Popup store={createStore(connection, FIXTURE_TAB, { fixes })} services={services} />);
  return { connection, services, user: userEvent.setup() };
}

describe("popup", () => {
  it("summarises blocked requests by failure, with origins and the latest fix", () => {
    renderPopup();
    expect(screen.getByTestId("blocked-count").textContent).toBe("4 blocked requests on this tab");
    const failures = within(screen.getByTestId("failures")).getAllByRole("listitem");
    expect(failures.map((li) => li.dataset.code)).toEqual([
      "MethodDisallowedByPreflightResponse",
      "MissingAllowOriginHeader",
      "PreflightMissingAllowOriginHeader",
      "WildcardOriginNotAllowed",
    ]);
    expect(failures[0]!.textContent).toBe(`1${putDisallowed.diagnosis.title}MethodDisallowedByPreflightResponse`);
    expect(screen.getByTestId("server-origins").textContent).toContain("https://files.example.test");
    expect(screen.getByTestId("page-origins").textContent).toContain("https://app.example.test");
    const latest = screen.getByTestId("latest");
    expect(latest.textContent).toContain("api.example.test/old/report");
    expect(latest.textContent).toContain(`Fix: nginx: ${redirectMissingHeader.fixes[0]!.where}`);
    expect(screen.getByText(/open DevTools \(F12\), then the “CORS” tab/)).toBeTruthy();
  });

  it("in Firefox names each failure by Firefox's reason, with the Chromium codes beside it", () => {
    const firefox = (id: string, key: string, code: CorsErrorCode, startedAt: number) =>
      makeEntry({
        id,
        startedAt,
        diagnosis: {
          code,
          title: `${code} title`,
          browser: "firefox",
          firefoxReason: { key, parameter: "", consoleMessage: "Cross-Origin Request Blocked: …", url: `https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS/Errors/${key}` },
        },
      });
    renderPopup([
      firefox("a", "CORSMissingAllowOrigin", "PreflightMissingAllowOriginHeader", 1),
      firefox("b", "CORSMissingAllowOrigin", "MissingAllowOriginHeader", 2),
      firefox("c", "CORSNotSupportingCredentials", "WildcardOriginNotAllowed", 3),
    ]);
    const failures = within(screen.getByTestId("failures")).getAllByRole("listitem");
    expect(failures.map((li) => li.dataset.code)).toEqual(["CORSMissingAllowOrigin", "CORSNotSupportingCredentials"]);
    expect(failures.map((li) => li.querySelector("[data-testid=chromium-codes]")?.textContent)).toEqual([
      "Chromium: MissingAllowOriginHeader, PreflightMissingAllowOriginHeader",
      "Chromium: WildcardOriginNotAllowed",
    ]);
    expect(failures[0]!.textContent).toBe("2MissingAllowOriginHeader titleCORSMissingAllowOriginChromium: MissingAllowOriginHeader, PreflightMissingAllowOriginHeader");
  });

  it("in Chromium shows no Firefox name and no second code", () => {
    renderPopup();
    expect(screen.queryAllByTestId("chromium-codes")).toEqual([]);
  });

  it("uses the generic fix when there is no stack fix", () => {
    renderPopup([makeEntry({ id: "x", fixes: [], diagnosis: { code: "MissingAllowOriginHeader", title: "No ACAO", genericFix: "Send Access-Control-Allow-Origin." } })]);
    expect(screen.getByTestId("latest").textContent).toContain("Fix: Send Access-Control-Allow-Origin.");
  });

  it("works with zero entries", () => {
    renderPopup([]);
    expect(screen.getByTestId("blocked-count").textContent).toContain("Nothing recorded on this tab yet");
    expect(screen.queryByTestId("failures")).toBeNull();
    expect(screen.queryByTestId("latest")).toBeNull();
    expect((screen.getByTestId("export-json") as HTMLButtonElement).disabled).toBe(true);
  });

  it("says nothing was blocked when only allowed requests were seen", () => {
    renderPopup([allowedGet]);
    expect(screen.getByTestId("blocked-count").textContent).toBe("No blocked requests (1 cross-origin request passed).");
  });

  it("works with thousands of entries and caps the origin list", () => {
    const entries = manyEntries(3000).map((entry, i) => ({ ...entry, url: `https://host${i % 20}.example.test/x`, finalUrl: `https://host${i % 20}.example.test/x` }));
    renderPopup(entries);
    expect(screen.getByTestId("blocked-count").textContent).toBe("2400 blocked requests on this tab");
    const servers = within(screen.getByTestId("server-origins")).getAllByRole("listitem");
    expect(servers).toHaveLength(7);
    expect(servers.at(-1)!.textContent).toBe("and 10 more") // 16 hosts served blocked requests; every 5th entry is allowed;
  });

  it("clears, exports and pauses through the worker", async () => {
    const { connection, services, user } = renderPopup();
    await user.click(screen.getByTestId("export-json"));
    expect(services.saved).toHaveLength(1);
    expect((JSON.parse(services.saved[0]!.text) as Report).entries).toHaveLength(5);
    await user.click(screen.getByTestId("pause"));
    expect(connection.requests).toContainEqual({ type: "set-paused", paused: true });
    await waitFor(() => expect(screen.getByTestId("pause").getAttribute("aria-pressed")).toBe("true"));
    expect(screen.getByText("Recording is paused.")).toBeTruthy();
    await user.click(screen.getByTestId("clear"));
    expect(connection.requests).toContainEqual({ type: "clear", tabId: FIXTURE_TAB });
    await waitFor(() => expect(screen.getByTestId("blocked-count").textContent).toContain("Nothing recorded"));
  });

  it("updates live", async () => {
    const { connection } = renderPopup([]);
    connection.add(FIXTURE_TAB, [putDisallowed]);
    await waitFor(() => expect(screen.getByTestId("blocked-count").textContent).toBe("1 blocked request on this tab"));
  });
});
