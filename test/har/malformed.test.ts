// Files that are not a readable HAR: a HarError whose message says what the file is and what to
// export instead, never a crash; entries with missing fields: a notice, never a crash.
import { describe, expect, it } from "vitest";
import { endsEarly } from "../../src/har/parse";
import { HarError, harReport, readHar, readHarLog } from "../../src/har/reader";
import { entry, har, API, PAGE } from "../helpers/har-input";

function errorOf(run: () => unknown): HarError {
  try {
    run();
  } catch (error) {
    if (error instanceof HarError) return error;
    throw new Error(`threw something else than a HarError: ${String(error)}`);
  }
  throw new Error("did not throw");
}

const valid = JSON.stringify(har([entry({ url: `${API}/api`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": "*" } })]), null, 2);

describe("readHar: files that are not a HAR", () => {
  it.each([
    ["an empty file", "", "empty", /empty/],
    ["only white space", " \n\t\r\n", "empty", /empty/],
    ["an HTML page", "<!DOCTYPE html><html><body>Sign in</body></html>", "not-json", /not JSON \(it begins with "<!DOCTYPE html><html><bo…"\)/],
    ["plain text", "GET /api HTTP/1.1", "not-json", /not JSON/],
    ["a JSON array", "[1, 2, 3]", "not-har", /JSON array, not a HAR/],
    ["a JSON object without log", '{"name": "x", "entries_": []}', "not-har", /JSON but not a HAR: it has no "log" \(its top-level keys: "name", "entries_"\)/],
    ["{log:{}}", '{"log": {}}', "not-har", /no "log.entries"/],
    ["log.entries not a list", '{"log": {"entries": {"0": {}}}}', "not-har", /no "log.entries"/],
    ["a CORS Doctor report", '{"format": "cors-doctor-report", "version": 1, "entries": []}', "not-har", /CORS Doctor report/],
    ["a performance trace", '{"traceEvents": []}', "not-har", /performance trace/],
    ["invalid JSON, closed", '{"log": {"entries": [}]}', "not-json", /not valid JSON/],
    ["a JSON string", '"a HAR"', "not-json", /not JSON/],
  ])("%s → %s", (_what, text, kind, message) => {
    const error = errorOf(() => readHar(text));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Export HAR/);
  });

  it.each([
    ["cut inside a string", valid.slice(0, valid.indexOf("localhost") + 4)],
    ["cut between values", valid.slice(0, valid.indexOf('"response"'))],
    ["cut before the last brace", valid.slice(0, -1)],
    ["cut after the opening brace", "{"],
  ])("says 'truncated' when the JSON ends early: %s", (_what, text) => {
    const error = errorOf(() => readHar(text));
    expect(error.kind).toBe("truncated");
    expect(error.message).toMatch(/truncated: its JSON ends early/);
  });

  it("refuses a text over the limit before parsing it, with the sizes", () => {
    const error = errorOf(() => readHar(valid, { maxChars: 100 }));
    expect(error.kind).toBe("too-large");
    expect(error.message).toMatch(/too large to read .* the limit is 0\.00 MB/);
  });

  it("reads a 10 MB string of garbage as 'not JSON', and 10 MB of an unfinished array as truncated, quickly", () => {
    const garbage = "x".repeat(10_000_000);
    expect(errorOf(() => readHar(garbage)).kind).toBe("not-json");
    const unfinished = `{"log": {"entries": [${'{"a": 1},'.repeat(1_100_000)}`;
    const started = performance.now();
    expect(errorOf(() => readHar(unfinished)).kind).toBe("truncated");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("skips a byte-order mark", () => {
    expect(readHar(`\uFEFF${valid}`).exchanges).toHaveLength(1);
  });

  it("endsEarly tells an unfinished value from a finished one", () => {
    expect(endsEarly('{"a": "b')).toBe(true);
    expect(endsEarly('{"a": "b\\"}')).toBe(true);
    expect(endsEarly('{"a": ["b"')).toBe(true);
    expect(endsEarly('{"a": 1}}')).toBe(false);
    expect(endsEarly('{"a": 1} x')).toBe(false);
  });
});

describe("readHarLog: entries with missing or odd fields", () => {
  it.each([
    ["null", null],
    ["a number", 7],
    ["no request", { response: { status: 200 } }],
    ["a request without url", { request: { method: "GET" } }],
    ["a request with a numeric url", { request: { method: "GET", url: 5 } }],
    ["an empty url", { request: { method: "GET", url: "" } }],
  ])("leaves out an entry with %s, with a notice", (_what, bad) => {
    const result = readHarLog(har([bad as Record<string, unknown>, entry({ url: `${API}/a`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": "*" } })]));
    expect(result.entryCount).toBe(2);
    expect(result.exchanges.map((item) => item.id)).toEqual(["h1"]);
    expect(result.notices.find((notice) => notice.id === "malformed-entries")?.message).toMatch(/^1 entry of 2 had no request URL or method/);
  });

  it("reads an entry with no response, no headers lists, no times and wrong types without crashing", () => {
    const odd = [
      { request: { method: "GET", url: `${API}/a`, headers: [{ name: "Origin", value: PAGE }] } },
      { request: { method: "PUT", url: `${API}/b`, headers: "Origin: x" }, response: { status: "200", headers: [null, { name: 3 }, { name: "X", value: 4 }] } },
      { request: { method: "GET", url: "not a url", headers: [{ name: "Origin", value: PAGE }] }, response: { status: Number.NaN }, startedDateTime: "yesterday" },
      { request: { method: "GET", url: `${API}/c`, headers: [{ name: "Origin", value: PAGE }] }, response: { status: 302, headers: [], redirectURL: 12 } },
    ];
    const result = readHarLog(har(odd));
    expect(result.entryCount).toBe(4);
    for (const item of result.exchanges) expect(item.startedAt).toBe(0);
    const report = harReport(result, 0);
    expect(report.entries.length).toBeLessThanOrEqual(4);
  });

  it("keeps huge header values bounded: a CORS header up to 128 KiB, others to 8 KiB", () => {
    const big = "a".repeat(2_000_000);
    const result = readHarLog(
      har([entry({ url: `${API}/a`, request: { Origin: PAGE, "X-Big": big }, response: { "Access-Control-Allow-Origin": PAGE, "Access-Control-Expose-Headers": big, "X-Other": big } })]),
    );
    const exchange = result.exchanges[0]!.exchange;
    expect(exchange.requestHeaders.find((header) => header.name === "X-Big")!.value.length).toBeLessThan(8_300);
    const expose = exchange.response!.headers.find((header) => header.name === "Access-Control-Expose-Headers")!.value;
    expect(expose.length).toBeGreaterThan(131_000);
    expect(expose.length).toBeLessThan(131_200);
    expect(expose).toMatch(/more characters not kept\]$/);
    expect(exchange.response!.headers.find((header) => header.name === "X-Other")!.value.length).toBeLessThan(8_300);
    expect(harReport(result, 0).entries[0]!.diagnosis.verdict).toBe("allowed");
  });

  it("accepts the log itself as well as the whole file, and an empty entries list with a notice", () => {
    const file = har([entry({ url: `${API}/a`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": "*" } })]);
    expect(readHarLog(file.log).exchanges).toHaveLength(1);
    const empty = readHarLog(har([]));
    expect(empty.exchanges).toEqual([]);
    expect(empty.notices.map((notice) => notice.id)).toContain("no-entries");
  });

  it("reports progress, ending with the total", () => {
    const entries = Array.from({ length: 1_200 }, (_, i) => entry({ url: `${API}/a${i}`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": "*" } }));
    const calls: [number, number][] = [];
    readHarLog(har(entries), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [500, 1_200],
      [1_000, 1_200],
      [1_200, 1_200],
    ]);
  });
});
