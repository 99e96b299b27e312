import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeholderFor, preflightCurl, requestCurl, shellQuote } from "../../src/ui/curl";
import { allowedGet, hostileEntry, PAGE_ORIGIN, preflight401, putDisallowed, wildcardCredentials } from "../helpers/report-fixtures";

/** What a POSIX shell makes of the words: each argument printed on its own line, NUL-free. */
function shellWords(script: string): string[] {
  const out = execFileSync("sh", ["-c", `for a in ${script}; do printf '%s\\0' "$a"; done`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("shellQuote", () => {
  it.each([
    ["plain", "plain"],
    ["https://api.example.test/v1", "https://api.example.test/v1"],
    ["", "''"],
    ["two words", "'two words'"],
    ["it's", `'it'\\''s'`],
    ["$(id)", "'$(id)'"],
    ["`id`", "'`id`'"],
    ["a\0b", "ab"],
  ])("%j → %s", (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });

  it("survives the shell unchanged for any string (NUL aside)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 4 }), (values) => {
        const expected = values.map((v) => v.replaceAll("\0", ""));
        expect(shellWords(values.map(shellQuote).join(" "))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps hostile values inside their quotes", () => {
    const hostile = [`'; touch pwned; echo '`, `"$(touch pwned)"`, "`touch pwned`", "a'\n'b", "\\'"];
    expect(shellWords(hostile.map(shellQuote).join(" "))).toEqual(hostile);
  });
});

describe("preflightCurl", () => {
  it("replays the OPTIONS request with Origin and the Access-Control-Request-* headers", () => {
    const curl = preflightCurl(preflight401)!;
    expect(curl.command).toBe(
      [
        "curl -i",
        "-X OPTIONS",
        "https://api.example.test/v1/orders",
        `-H 'Origin: ${PAGE_ORIGIN}'`,
        "-H 'Access-Control-Request-Method: POST'",
        "-H 'Access-Control-Request-Headers: authorization,content-type'",
      ].join(" \\\n  "),
    );
    expect(curl.placeholders).toEqual([]);
  });

  it("is null when no preflight was sent", () => {
    expect(preflightCurl(allowedGet)).toBeNull();
  });
});

describe("requestCurl", () => {
  it("uses the method, the request headers and placeholders for redacted secrets", () => {
    const curl = requestCurl(preflight401);
    expect(curl.command).toContain("-X POST");
    expect(curl.command).toContain(`-H 'Authorization: ${placeholderFor("Authorization")}'`);
    expect(curl.command).not.toContain("[redacted]");
    expect(curl.command).toContain("-H 'Content-Type: application/json'");
    expect(curl.command).toContain("--data-binary '<your request body>'");
    expect(curl.placeholders).toEqual(["Authorization", "request body"]);
  });

  it("omits -X for GET and marks the redacted cookie", () => {
    const curl = requestCurl(wildcardCredentials);
    expect(curl.command.startsWith("curl -i \\\n  https://api.example.test/v1/me")).toBe(true);
    expect(curl.command).toContain("-H 'Cookie: <your Cookie value>'");
    expect(curl.placeholders).toEqual(["Cookie"]);
  });

  it("adds Origin from the initiator when the recorded headers lack it", () => {
    const entry = { ...putDisallowed, request: { headers: [], sent: false } };
    expect(requestCurl(entry).command).toContain(`-H 'Origin: ${PAGE_ORIGIN}'`);
  });

  it("passes hostile header values and URLs to curl as single arguments", () => {
    const command = requestCurl(hostileEntry).command;
    const words = shellWords(command.replace(/ \\\n {2}/g, " "));
    expect(words[0]).toBe("curl");
    expect(words).toContain(hostileEntry.url);
    expect(words).toContain(`X-Evil: ${hostileEntry.request.headers[1]!.value}`);
  });
});
