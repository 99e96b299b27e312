// Header lookup: names compare case-insensitively (the fast length test must not change that).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getHeader, hasHeader, headerValues } from "../../src/engine/headers";

describe("header lookup", () => {
  const list = [
    { name: "Access-Control-Allow-Origin", value: "https://a.test" },
    { name: "vary", value: "Origin" },
    { name: "ACCESS-CONTROL-ALLOW-ORIGIN", value: "*" },
  ];

  it("finds a header whatever its case, and joins duplicated lines with ', '", () => {
    expect(getHeader(list, "access-control-allow-origin")).toBe("https://a.test, *");
    expect(getHeader(list, "Vary")).toBe("Origin");
    expect(headerValues(list, "Access-Control-Allow-Origin")).toEqual(["https://a.test", "*"]);
    expect(hasHeader(list, "VARY")).toBe(true);
  });

  it("answers null / false when the header is absent", () => {
    expect(getHeader(list, "Access-Control-Allow-Credentials")).toBeNull();
    expect(getHeader([], "vary")).toBeNull();
    expect(hasHeader(list, "var")).toBe(false);
  });

  it("matches a name that only lower-cases to the one asked for (U+0130 lengthens it)", () => {
    // "İ".toLowerCase() is "i̇" (two code units): the length differs before lower-casing, not after.
    const odd = [{ name: "X-\u0130d", value: "1" }];
    expect(getHeader(odd, "x-i\u0307d")).toBe("1");
    expect(hasHeader(odd, "X-I\u0307D")).toBe(true);
  });

  it("agrees with lower-casing every name, on any names", () => {
    const name = fc.string({ maxLength: 6, unit: fc.constantFrom("a", "A", "-", "\u0130", "i", "\u0307", "K", "\u212a", "k") });
    fc.assert(
      fc.property(fc.array(name, { maxLength: 5 }), name, (names, wanted) => {
        const headers = names.map((n, i) => ({ name: n, value: String(i) }));
        const expected = headers.filter((h) => h.name.toLowerCase() === wanted.toLowerCase()).map((h) => h.value);
        expect(headerValues(headers, wanted)).toEqual(expected);
        expect(getHeader(headers, wanted)).toBe(expected.length === 0 ? null : expected.join(", "));
        expect(hasHeader(headers, wanted)).toBe(expected.length > 0);
      }),
    );
  });
});
