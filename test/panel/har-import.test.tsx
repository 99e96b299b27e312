// @vitest-environment happy-dom
// Broken and foreign HAR files through the real reader (the worker's job, run in-process): each
// gets a clear message in the panel saying what could and could not be judged, never a blank view,
// and the live recording is untouched.
import { readFileSync } from "node:fs";
import { act, screen, waitFor, within } from "@testing-library/preact";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { harReport, readHar } from "../../src/har/reader";
import { MAX_HAR_BYTES } from "../../src/panel/har-job";
import { mountPanel } from "../../src/panel/standalone";
import type { Mounted } from "../../src/ui/mount";
import { FakeConnection, FakeServices } from "../helpers/fake-connection";
import { fixes } from "../helpers/fix-library";
import { fixtureFacts, InlineImporter } from "../helpers/har-importers";
import { ALL_FIXTURES, FIXTURE_TAB } from "../helpers/report-fixtures";

const fixture = (name: string): string => readFileSync(`test/fixtures/har/${name}`, "utf8");
let mounted: Mounted | undefined;

afterEach(() => {
  act(() => mounted?.unmount());
  mounted = undefined;
  document.body.replaceChildren();
});

function mount() {
  const root = document.createElement("div");
  document.body.append(root);
  const connection = new FakeConnection({ entries: ALL_FIXTURES });
  const importer = new InlineImporter({ readHar, judge: (result) => harReport(result).entries });
  act(() => {
    mounted = mountPanel(root, connection, { tabId: FIXTURE_TAB, fixes, importer, services: new FakeServices() });
  });
  return { connection, importer, live: mounted!.store, user: userEvent.setup() };
}

async function importText(name: string, text: string) {
  const { connection, importer, live, user } = mount();
  const liveIds = live.entries.all.value.map((entry) => entry.id);
  await user.upload(screen.getByTestId("import-har-input") as HTMLInputElement, new File([text], name));
  await act(() => importer.finished());
  return { connection, live, liveIds, user };
}

/** The file's view said why it could not be read; closing it shows the live list as it was. */
async function expectRefused(name: string, text: string, kind: string, words: RegExp) {
  const { connection, live, liveIds, user } = await importText(name, text);
  const alert = await screen.findByRole("alert");
  expect(alert.dataset.kind).toBe(kind);
  expect(alert.textContent).toContain(`${name} could not be read as a HAR file.`);
  expect(alert.textContent).toMatch(words);
  expect(alert.textContent).toContain("Nothing in it was judged. The live recording is unchanged.");
  expect(screen.getByRole("tab", { name }).getAttribute("aria-selected")).toBe("true");
  await user.click(screen.getByRole("button", { name: "Close file" }));
  expect(live.entries.all.value.map((entry) => entry.id)).toEqual(liveIds);
  expect(within(screen.getByTestId("request-list")).getAllByTestId("row").length).toBeGreaterThan(0);
  expect(connection.requests.some((request) => request.type === "clear")).toBe(false);
}

describe("a file that cannot be read as a HAR", () => {
  it("not JSON (a console log pasted into a file)", () =>
    expectRefused("console.har", "Access to fetch at 'https://api.example.test/' has been blocked by CORS policy", "not-json", /not JSON/));

  it("JSON, but not a HAR", () => expectRefused("package.json", JSON.stringify({ name: "app", version: "1.0.0" }), "not-har", /not a HAR/));

  it("truncated (cut in the middle, as a ticket attachment limit does)", () => {
    const text = fixture("chromium-full.har");
    return expectRefused("cut.har", text.slice(0, Math.floor(text.length * 0.6)), "truncated", /truncated/);
  });

  it("empty", () => expectRefused("empty.har", "", "empty", /empty/));

  it("too large to read in the panel, refused before it is read", async () => {
    const file = new File(["{}"], "huge.har");
    Object.defineProperty(file, "size", { value: MAX_HAR_BYTES + 1 });
    const { importer, user } = mount();
    await user.upload(screen.getByTestId("import-har-input") as HTMLInputElement, file);
    await act(() => importer.finished());
    const alert = await screen.findByRole("alert");
    expect(alert.dataset.kind).toBe("too-large");
    expect(alert.textContent).toContain("The file is too large to read (300 MB; the limit is 300 MB).");
  });
});

describe("a HAR with nothing to judge", () => {
  it("says so, with the reader's notice, instead of an empty list", async () => {
    await importText("nothing.har", JSON.stringify({ log: { version: "1.2", creator: { name: "WebInspector", version: "537.36" }, entries: [] } }));
    const summary = await screen.findByTestId("import-summary");
    expect(summary.textContent).toContain("nothing.har: 0 entries written by Chrome DevTools, WebInspector 537.36; no cross-origin request to judge.");
    expect(within(summary).getAllByRole("listitem").map((item) => item.dataset.notice)).toContain("no-entries");
    expect(screen.queryByTestId("request-list")).toBeNull();
    expect(screen.getByTestId("file-message")).toBeTruthy();
  });
});

describe("a HAR from another writer: judged from its headers, and the panel says what it could not tell", () => {
  it("Playwright's recordHar (no preflights): the requests are listed with the file's notices", async () => {
    await importText("playwright.har", fixture("playwright.har"));
    const summary = await screen.findByTestId("import-summary");
    const facts = fixtureFacts("playwright.har");
    expect(summary.textContent).toContain(`playwright.har: ${facts.entries} written by another tool, ${facts.creator};`);
    expect(summary.textContent).toMatch(/; \d+ cross-origin requests judged\./);
    const notices = within(summary).getAllByRole("listitem").map((item) => item.dataset.notice);
    expect(notices).toContain("other-writer");
    expect(notices).toContain("no-preflights");
    await waitFor(() => expect(within(screen.getByTestId("request-list")).getAllByTestId("row").length).toBeGreaterThan(0));
  });

  for (const creator of ["Charles Proxy", "Fiddler", "mitmproxy", "WebKit Web Inspector"]) {
    it(`${creator}: named as the writer, judged from headers, said so`, async () => {
      const har = JSON.parse(fixture("playwright.har")) as { log: { creator: { name: string; version: string } } };
      har.log.creator = { name: creator, version: "1.0" };
      await importText("from-a-tool.har", JSON.stringify(har));
      const summary = await screen.findByTestId("import-summary");
      expect(summary.textContent).toContain(`written by another tool, ${creator} 1.0`);
      const other = within(summary).getAllByRole("listitem").find((item) => item.dataset.notice === "other-writer");
      expect(other?.textContent).toContain(creator);
      expect(other?.dataset.level).toBe("warning");
    });
  }

  it("Firefox's Save All As HAR: named as Firefox's, its failures in Firefox's words", async () => {
    const { user } = await importText("firefox.har", fixture("firefox.har"));
    const summary = await screen.findByTestId("import-summary");
    const facts = fixtureFacts("firefox.har");
    expect(summary.textContent).toContain(`firefox.har: ${facts.entries} written by Firefox DevTools, ${facts.creator};`);
    expect(summary.textContent).toMatch(/; \d+ cross-origin requests judged\./);
    expect(within(summary).getAllByRole("listitem").map((item) => item.dataset.notice)).toContain("firefox");
    const first = await waitFor(() => within(screen.getByTestId("request-list")).getAllByTestId("row")[0]!);
    expect(first.dataset.code).toBe("MissingAllowOriginHeader");
    await user.dblClick(first);
    expect((await screen.findByTestId("firefox-reason")).textContent).toContain("Firefox: CORSMissingAllowOrigin");
  });

  it("Chrome's sanitized export: says the credentials mode may not be in the file", async () => {
    await importText("sanitized.har", fixture("chromium-sanitized.har"));
    const summary = await screen.findByTestId("import-summary");
    expect(summary.textContent).toContain(`written by Chrome DevTools, ${fixtureFacts("chromium-sanitized.har").creator}`);
    expect(within(summary).getAllByRole("listitem").map((item) => item.dataset.notice)).toContain("sanitized");
  });
});
