// Whatever a file holds, the reader answers with a result or a HarError, and the report of a result
// never throws: properties over arbitrary JSON, arbitrary entries and arbitrary text.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HarError, harReport, readHar, readHarLog } from "../../src/har/reader";
import { API, entry, har, PAGE } from "../helpers/har-input";

/** Either a result or a HarError; anything else fails the property. */
function readsOrRefuses(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof HarError;
  }
}

const headerList = fc.array(fc.record({ name: fc.oneof(fc.constantFrom("Origin", "Access-Control-Allow-Origin", "Access-Control-Request-Method", "Location", "Cookie", "Sec-Fetch-Mode"), fc.string()), value: fc.oneof(fc.constant(PAGE), fc.string()) }), { maxLength: 6 });
const url = fc.oneof(fc.constantFrom(`${API}/a`, `${API}/b`, `${PAGE}/c`, "http://x.test/"), fc.webUrl(), fc.string());
const harEntry = fc.record(
  {
    _resourceType: fc.constantFrom("fetch", "xhr", "preflight", "document", "image", "other"),
    startedDateTime: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.string()),
    request: fc.record({ method: fc.constantFrom("GET", "PUT", "OPTIONS", "POST", "patch"), url, headers: headerList }, { requiredKeys: [] }),
    response: fc.record(
      {
        status: fc.oneof(fc.constantFrom(0, 200, 204, 302, 307, 404), fc.integer(), fc.double()),
        headers: headerList,
        redirectURL: url,
        _error: fc.oneof(fc.constant(null), fc.constantFrom("net::ERR_FAILED", "net::ERR_ABORTED", "net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS")),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe("the reader never crashes", () => {
  it("any JSON value as the log: a result or a HarError", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => readsOrRefuses(() => readHarLog(value)) && readsOrRefuses(() => readHarLog({ log: value }))), { numRuns: 300 });
  });

  it("any entries (well-formed or not), any writer, any credentials choice: a result whose report does not throw", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(harEntry, fc.anything()), { maxLength: 12 }),
        fc.constantFrom("WebInspector", "Firefox", "Playwright", ""),
        fc.constantFrom("auto", "include", "omit") as fc.Arbitrary<"auto" | "include" | "omit">,
        (entries, creator, credentials) => {
          const result = readHarLog({ log: { creator: { name: creator, version: "1" }, entries } }, { credentials });
          const report = harReport(result, 0);
          expect(report.entries.length).toBeLessThanOrEqual(result.exchanges.length);
          expect(new Set(result.exchanges.map((item) => item.id)).size).toBe(result.exchanges.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("any text: a result or a HarError", () => {
    const valid = JSON.stringify(har([entry({ url: `${API}/a`, request: { Origin: PAGE }, response: { "Access-Control-Allow-Origin": PAGE } })]));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer({ min: 0, max: valid.length }).map((cut) => valid.slice(0, cut))), (text) => readsOrRefuses(() => readHar(text))),
      { numRuns: 500 },
    );
  });
});
