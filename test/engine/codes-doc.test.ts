// docs/codes.md must describe every code: each producible one as observable, the others as not.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CORS_ERROR_CODES, PRODUCIBLE_CODES } from "../../src/engine";

const doc = readFileSync(fileURLToPath(new URL("../../docs/codes.md", import.meta.url)), "utf8");

/** Section body per "### `Code`" heading. */
function sections(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  const parts = markdown.split(/^### `([A-Za-z]+)`\s*$/m);
  for (let index = 1; index < parts.length; index += 2) result.set(parts[index]!, parts[index + 1] ?? "");
  return result;
}

const documented = sections(doc);

describe("docs/codes.md", () => {
  it.each([...CORS_ERROR_CODES])("documents %s with meaning and observability", (code) => {
    const body = documented.get(code);
    expect(body, `${code} has no section`).toBeDefined();
    expect(body).toMatch(/Meaning:/);
    expect(body).toMatch(/Observable:/);
  });

  it.each([...PRODUCIBLE_CODES])("%s, which the engine can produce, has an example, a fix and is marked observable", (code) => {
    const body = documented.get(code) ?? "";
    expect(body).toMatch(/Example:/);
    expect(body).toMatch(/Fix:/);
    expect(body).toMatch(/Observable: (yes|only)/);
  });

  it("marks every code the engine cannot produce as not observable by an extension", () => {
    const producible = new Set<string>(PRODUCIBLE_CODES);
    for (const code of CORS_ERROR_CODES.filter((name) => !producible.has(name))) {
      expect(documented.get(code), code).toMatch(/not observable by an extension/);
    }
  });

  it("lists no code that Chromium does not have", () => {
    const known = new Set<string>(CORS_ERROR_CODES);
    expect([...documented.keys()].filter((code) => !known.has(code))).toEqual([]);
  });
});
