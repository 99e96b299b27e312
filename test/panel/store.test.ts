import { describe, expect, it } from "vitest";
import { createStore } from "../../src/ui/store";
import { fixes } from "../helpers/fix-library";
import { FakeConnection } from "../helpers/fake-connection";
import { ALL_FIXTURES, allowedGet, FIXTURE_TAB, makeEntry, preflight401, putDisallowed, redirectMissingHeader, wildcardCredentials } from "../helpers/report-fixtures";

function connected(entries = ALL_FIXTURES) {
  const connection = new FakeConnection({ entries });
  const store = createStore(connection, FIXTURE_TAB, { fixes });
  const stop = store.connect();
  return { connection, store, stop };
}
const ids = (entries: readonly { id: string }[]): string[] => entries.map((e) => e.id);

describe("store", () => {
  it("takes the snapshot on connect and lists blocked entries only, in time order", () => {
    const { store } = connected();
    expect(store.entries.loaded.value).toBe(true);
    expect(ids(store.visible.value)).toEqual([preflight401.id, putDisallowed.id, wildcardCredentials.id, redirectMissingHeader.id]);
  });

  it("shows allowed entries on request, after the blocked ones unless sorted by time", () => {
    const { store } = connected();
    store.filter.showAllowed.value = true;
    expect(ids(store.visible.value).at(-1)).toBe(allowedGet.id);
    store.filter.sort.value = "time";
    expect(ids(store.visible.value)).toEqual(ids(ALL_FIXTURES));
  });

  it.each([
    ["PUT", [putDisallowed.id]],
    ["files.example", [redirectMissingHeader.id]],
    ["wildcardorigin", [wildcardCredentials.id]],
    ["api.example.test/v1", [preflight401.id, putDisallowed.id, wildcardCredentials.id]],
    ["nothing-like-this", []],
  ])("text filter %j", (text, expected) => {
    const { store } = connected();
    store.filter.text.value = text;
    expect(ids(store.visible.value)).toEqual(expected);
  });

  it("filters by code and by type, and lists the codes and types present", () => {
    const { store } = connected();
    expect(store.codes.value).toEqual([
      "MethodDisallowedByPreflightResponse",
      "MissingAllowOriginHeader",
      "PreflightMissingAllowOriginHeader",
      "WildcardOriginNotAllowed",
    ]);
    expect(store.types.value).toEqual(["fetch", "xmlhttprequest"]);
    store.filter.code.value = "WildcardOriginNotAllowed";
    expect(ids(store.visible.value)).toEqual([wildcardCredentials.id]);
    store.filter.code.value = "";
    store.filter.type.value = "fetch";
    expect(ids(store.visible.value)).toEqual([putDisallowed.id, redirectMissingHeader.id]);
  });

  it("merges live entries: new ids are appended, known ids are replaced", () => {
    const { connection, store } = connected([preflight401]);
    const updated = { ...preflight401, diagnosis: { ...preflight401.diagnosis, title: "Updated" } };
    connection.add(FIXTURE_TAB, [updated, putDisallowed]);
    expect(ids(store.entries.all.value)).toEqual([preflight401.id, putDisallowed.id]);
    expect(store.entries.all.value[0]!.diagnosis.title).toBe("Updated");
  });

  it("ignores messages for other tabs and malformed messages", () => {
    const { connection, store } = connected([]);
    connection.emitRaw({ type: "entries", tabId: FIXTURE_TAB + 1, entries: [preflight401] });
    connection.emitRaw({ type: "entries", tabId: FIXTURE_TAB, entries: "not a list" });
    connection.emitRaw({ type: "bogus" });
    connection.emitRaw(null);
    expect(store.entries.all.value).toEqual([]);
  });

  it("clear asks the worker and empties the list and the selection", async () => {
    const { connection, store } = connected();
    store.select(putDisallowed.id, true);
    await store.clear();
    expect(connection.requests).toContainEqual({ type: "clear", tabId: FIXTURE_TAB });
    expect(store.entries.all.value).toEqual([]);
    expect(store.selected.value).toBeNull();
  });

  it("pause and preserve log go to the worker and reflect its answer", async () => {
    const { connection, store } = connected();
    await store.setPaused(true);
    await store.setPreserveLog(true);
    expect(connection.requests).toEqual([
      { type: "set-paused", paused: true },
      { type: "set-preserve-log", preserveLog: true },
    ]);
    expect(store.settings.paused.value).toBe(true);
    expect(store.settings.preserveLog.value).toBe(true);
  });

  it("shows an error when the worker does not answer", async () => {
    const { connection, store } = connected();
    connection.failRequests = "Could not establish connection";
    await store.setPaused(true);
    expect(store.settings.paused.value).toBe(false);
    expect(store.error.value).toContain("Could not establish connection");
  });

  it("a selection hidden by the filter is not shown", () => {
    const { store } = connected();
    store.select(putDisallowed.id, true);
    expect(store.selected.value?.id).toBe(putDisallowed.id);
    store.filter.text.value = "files.example";
    expect(store.selected.value).toBeNull();
    store.filter.text.value = "";
    expect(store.selected.value?.id).toBe(putDisallowed.id);
  });

  it("stops receiving after the returned unsubscribe", () => {
    const { connection, store, stop } = connected([]);
    stop();
    connection.add(FIXTURE_TAB, [makeEntry({ id: "late" })]);
    expect(store.entries.all.value).toEqual([]);
  });
});
