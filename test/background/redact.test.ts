import { describe, expect, it } from "vitest";
import { isSecretHeader, redactHeaders, redactUrl, REDACTED } from "../../src/report/redact";

describe("isSecretHeader", () => {
  it.each([
    ["cookie", true],
    ["set-cookie", true],
    ["authorization", true],
    ["proxy-authorization", true],
    ["x-api-key", true],
    ["x-auth-token", true],
    ["x-my-session-id", true],
    ["client-secret", true],
    ["x-goog-api-key", true],
    ["access-control-allow-credentials", false],
    ["access-control-request-headers", false],
    ["sec-fetch-mode", false],
    ["origin", false],
    ["content-type", false],
    ["x-request-id", false],
    ["x-authorize-later", false],
  ])("%s → %s", (name, secret) => {
    expect(isSecretHeader(name)).toBe(secret);
  });
});

describe("redactHeaders", () => {
  it("keeps names and drops values of secrets", () => {
    const { headers, redacted } = redactHeaders([
      { name: "Authorization", value: "Bearer LAB-SECRET-1" },
      { name: "Cookie", value: "sid=LAB-SECRET-2" },
      { name: "Origin", value: "http://a.test" },
      { name: "X-Raw", binaryValue: [1, 2] },
    ]);
    expect(headers).toEqual([
      { name: "Authorization", value: REDACTED },
      { name: "Cookie", value: REDACTED },
      { name: "Origin", value: "http://a.test" },
      { name: "X-Raw", value: "" },
    ]);
    expect(redacted).toEqual(["authorization", "cookie"]);
    expect(JSON.stringify(headers)).not.toContain("LAB-SECRET");
  });
});

describe("redactUrl", () => {
  it("redacts a URL too long to be remembered, every time", () => {
    const url = `http://a.test/x?pad=${"p".repeat(100_000)}&token=LAB-SECRET`;
    for (let i = 0; i < 2; i++) expect(redactUrl(url)).toBe(`http://a.test/x?pad=${"p".repeat(100_000)}&token=REDACTED`);
  });

  it.each([
    ["http://a.test/x", "http://a.test/x"],
    ["http://a.test/x?token=LAB-SECRET&page=2", "http://a.test/x?token=REDACTED&page=2"],
    ["http://a.test/x?access_token=s&id_token=s&api_key=s&apiKey=s&q=hi", "http://a.test/x?access_token=REDACTED&id_token=REDACTED&api_key=REDACTED&apiKey=REDACTED&q=hi"],
    ["http://a.test/cb#access_token=s&state=1", "http://a.test/cb#access_token=REDACTED&state=1"],
    ["http://user:pw@a.test/x", "http://user:REDACTED@a.test/x"],
    ["http://user@a.test/x", "http://user@a.test/x"],
    ["http://a.test/x?X-Amz-Signature=abc&X-Amz-Date=1", "http://a.test/x?X-Amz-Signature=REDACTED&X-Amz-Date=1"],
    ["http://a.test/x?%E0%A4%A=1&token=z", "http://a.test/x?%E0%A4%A=1&token=REDACTED"],
    ["http://a.test/path@x?y", "http://a.test/path@x?y"],
    ["http://a.test/x?acc%65ss_token=s&api+key=s&to%2Bken=s", "http://a.test/x?acc%65ss_token=REDACTED&api+key=s&to%2Bken=s"],
  ])("%s", (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
    // Asked again (it is remembered): the same answer.
    expect(redactUrl(input)).toBe(expected);
  });
});
