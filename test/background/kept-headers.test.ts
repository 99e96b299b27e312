// The capture keeps the request headers that are evidence of the credentials mode.
import { describe, expect, it } from "vitest";
import { keepRequestHeaders } from "../../src/background/kept-headers";

describe("kept request headers", () => {
  it("keeps Sec-Fetch-Storage-Access (evidence of credentials 'include') and Cookie's name, and drops the User-Agent", () => {
    const { headers, redacted } = keepRequestHeaders([
      { name: "Sec-Fetch-Storage-Access", value: "none" },
      { name: "Cookie", value: "session=secret" },
      { name: "User-Agent", value: "Mozilla/5.0" },
    ]);
    expect(headers).toContainEqual({ name: "Sec-Fetch-Storage-Access", value: "none" });
    expect(headers.find((header) => header.name === "Cookie")?.value).not.toContain("secret");
    expect(headers.some((header) => header.name === "User-Agent")).toBe(false);
    expect(redacted).toContain("cookie");
  });
});
