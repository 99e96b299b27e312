// The pure parts of the list: names and statuses, columns that give way, filter terms, rows by
// cause, the kinds of failures that are not CORS, and "Copy as fetch".
import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT, sanitizeLayout } from "../../src/shared/layout";
import { gridTemplate, nextSort, stretchWidth, visibleColumns } from "../../src/ui/columns";
import { failureKind } from "../../src/ui/failures";
import { fetchSnippet } from "../../src/ui/fetch-snippet";
import { parseFilter } from "../../src/ui/filter";
import { nameOf, statusOf } from "../../src/ui/format";
import { buildRows, causeKey } from "../../src/ui/rows";
import { clampSize } from "../../src/ui/components/Splitter";
import { splitMode } from "../../src/ui/components/SplitView";
import { makeEntry, networkFailure, NOT_CORS_FIXTURES, preflight401, putDisallowed, sameCause, wildcardCredentials } from "../helpers/report-fixtures";

describe("nameOf", () => {
  it.each([
    ["https://api.example.test/v1/items/42?x=1", "42?x=1"],
    ["https://api.example.test/v1/items/", "items/"],
    ["https://api.example.test/", "api.example.test"],
    ["https://api.example.test/?q=1", "?q=1"],
    ["http://localhost:8080/a%20b", "a b"],
    ["https://x.test/%E0%A4%A", "%E0%A4%A"],
    ["not a url", "not a url"],
  ])("%s → %s", (url, name) => expect(nameOf(url)).toBe(name));
});

describe("statusOf", () => {
  it("names the preflight's status when the preflight failed, the response's otherwise, (failed) without one", () => {
    expect(statusOf(preflight401)).toEqual({ text: "401 preflight", value: 401, detail: "The preflight (OPTIONS) answered 401." });
    expect(statusOf(wildcardCredentials).text).toBe("200");
    expect(statusOf(networkFailure("x", "https://a.test/", "net::ERR_CONNECTION_REFUSED"))).toEqual({
      text: "(failed)",
      value: 0,
      detail: "No response: net::ERR_CONNECTION_REFUSED.",
    });
  });
});

describe("columns", () => {
  it.each([
    [0, ["name", "status", "method", "domain", "failure", "type", "time"]],
    [1400, ["name", "status", "method", "domain", "failure", "type", "time"]],
    [800, ["name", "status", "method", "domain", "failure", "type"]],
    [700, ["name", "status", "method", "domain", "failure"]],
    [560, ["name", "status", "method", "failure"]],
    [400, ["name", "status", "failure"]],
    [250, ["name"]],
  ])("a list %i px wide shows %j", (width, shown) => {
    expect(visibleColumns(width, {}, false)).toEqual(shown);
  });

  it("shows only Name beside the details, and the failure column takes what is left", () => {
    expect(visibleColumns(1400, {}, true)).toEqual(["name"]);
    expect(gridTemplate(["name", "status", "failure"], {}, 1000)).toBe("minmax(200px, 2fr) 84px minmax(280px, 3fr)");
    expect(gridTemplate(["name", "status", "failure"], { name: 150 }, 400)).toBe("minmax(150px, 2fr) 84px minmax(142px, 3fr)");
    expect(gridTemplate(["name", "status", "failure"], {}, 300)).toBe("minmax(200px, 2fr) 84px minmax(80px, 3fr)");
    expect(gridTemplate(["name", "status"], {}, 300)).toBe("minmax(192px, 3fr) 84px");
    expect(stretchWidth(["name", "status", "failure"], {}, 400)).toBe(92);
  });

  it("cycles the sort: ascending, descending, default", () => {
    expect(nextSort(null, "status")).toEqual({ column: "status", direction: "asc" });
    expect(nextSort({ column: "status", direction: "asc" }, "status")).toEqual({ column: "status", direction: "desc" });
    expect(nextSort({ column: "status", direction: "desc" }, "status")).toBeNull();
    expect(nextSort({ column: "status", direction: "desc" }, "name")).toEqual({ column: "name", direction: "asc" });
  });
});

describe("split", () => {
  it.each([
    [0, "side"],
    [399, "stacked"],
    [639, "stacked"],
    [640, "side"],
    [1280, "side"],
  ])("%i px wide: %s", (width, mode) => expect(splitMode(width)).toBe(mode));

  it.each([
    [260, 1280, 260],
    [2000, 1280, 1080],
    [20, 1280, 100],
    [260, 250, 100],
    [260, 0, 260],
  ])("list %i in %i px is shown %i", (size, container, shown) => expect(clampSize(size, container)).toBe(shown));
});

describe("layout from storage", () => {
  it("keeps valid fields and repairs the rest", () => {
    expect(sanitizeLayout(undefined)).toEqual(DEFAULT_LAYOUT);
    expect(sanitizeLayout({ listWidth: 300.4, listHeight: -1, columns: { name: 120, "<img>": 5, status: "x" }, sort: { column: "time", direction: "desc" }, grouped: false })).toEqual({
      listWidth: 300,
      listHeight: DEFAULT_LAYOUT.listHeight,
      columns: { name: 120 },
      sort: { column: "time", direction: "desc" },
      grouped: false,
      moduleStyle: "esm",
    });
    expect(sanitizeLayout({ listWidth: 1e9, sort: { column: 3 } })).toMatchObject({ listWidth: 10_000, sort: null });
    expect(sanitizeLayout({ moduleStyle: "cjs" })).toMatchObject({ moduleStyle: "cjs" });
    expect(sanitizeLayout({ moduleStyle: "<script>" })).toMatchObject({ moduleStyle: "esm" });
  });
});

describe("parseFilter", () => {
  it.each([
    ["", [], ""],
    ["orders", [], "orders"],
    ["code:Preflight orders", [{ key: "code", value: "Preflight", negated: false }], "orders"],
    ["-status:200 METHOD:put", [{ key: "status", value: "200", negated: true }, { key: "method", value: "put", negated: false }], ""],
    ["domain:*.example.test  two words", [{ key: "domain", value: "*.example.test", negated: false }], "two words"],
    ["type:fetch code:", [], "type:fetch code:"],
  ])("%j", (input, terms, text) => expect(parseFilter(input)).toEqual({ terms, text }));
});

describe("rows by cause", () => {
  it("one row per server × code × failedParameter, largest first; singletons stay plain rows", () => {
    const other = makeEntry({ ...putDisallowed, id: "put-other-server", url: "https://other.example.test/v1/items/42", finalUrl: "https://other.example.test/v1/items/42" });
    const rows = buildRows({ entries: [...sameCause(putDisallowed, 2, "put"), other, ...sameCause(preflight401, 3, "auth")], grouped: true, expanded: new Set() });
    expect(rows.map((row) => [row.kind, row.kind === "group" ? row.entries.length : row.key])).toEqual([
      ["group", 3],
      ["group", 2],
      ["entry", "put-other-server"],
    ]);
    expect(causeKey(putDisallowed)).toBe("https://api.example.test MethodDisallowedByPreflightResponse PUT");
  });

  it("puts the failures that are not CORS in their own section, grouped by kind and server", () => {
    const refused = [networkFailure("a", "http://localhost:9999/x", "net::ERR_CONNECTION_REFUSED"), networkFailure("b", "http://localhost:9999/y", "net::ERR_CONNECTION_REFUSED")];
    const rows = buildRows({ entries: [preflight401, ...refused], grouped: true, expanded: new Set(["group:connection-refused http://localhost:9999"]) });
    expect(rows.map((row) => row.kind)).toEqual(["entry", "section", "group", "entry", "entry"]);
    expect(rows[1]).toMatchObject({ label: "Failed, not CORS", count: 2 });
    expect(buildRows({ entries: refused, grouped: false, expanded: new Set() }).map((row) => row.key)).toEqual(["section:not-cors", "a", "b"]);
  });
});

describe("failureKind", () => {
  it("names each kind of failure people mistake for CORS", () => {
    expect(NOT_CORS_FIXTURES.map(failureKind)).toEqual(["connection-refused", "dns", "blocked-by-client", "mixed-content", "certificate", "local-network"]);
    expect(failureKind(networkFailure("t", "https://a.test/", "net::ERR_TIMED_OUT"))).toBe("network");
    expect(failureKind(networkFailure("l", "http://127.0.0.1:9/", "net::ERR_FAILED"))).toBe("network"); // loopback http is not mixed content
    expect(failureKind(networkFailure("p", "https://a.test/", "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS"))).toBe("local-network");
    expect(failureKind(preflight401)).toBeNull();
  });
});

describe("fetchSnippet", () => {
  it("keeps the page's headers, drops those the browser sets, quotes values and fills redacted ones", () => {
    const entry = makeEntry({
      url: "https://api.example.test/v1/items?q=\"x\"",
      method: "PUT",
      request: {
        sent: true,
        headers: [
          { name: "Origin", value: "https://app.example.test" },
          { name: "Authorization", value: "[redacted]" },
          { name: "Content-Type", value: "application/json" },
          { name: "X-Note", value: "a\"b</script>" },
          { name: "Sec-Fetch-Mode", value: "cors" },
          { name: "Cookie", value: "[redacted]" },
        ],
      },
      redacted: ["authorization", "cookie"],
    });
    expect(fetchSnippet(entry)).toBe(
      [
        'await fetch("https://api.example.test/v1/items?q=\\"x\\"", {',
        '  method: "PUT",',
        "  headers: {",
        '    "Authorization": "<your Authorization value>",',
        '    "Content-Type": "application/json",',
        '    "X-Note": "a\\"b</script>",',
        "  },",
        '  body: "<your request body>",',
        '  mode: "cors",',
        '  credentials: "include",',
        "});",
      ].join("\n"),
    );
  });
});
