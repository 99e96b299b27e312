// The engine is pure: nothing under src/engine reaches for a browser API, the DOM or the network.
// The eslint rules enforce it while editing; this test enforces it in the unit run too.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const engineDir = fileURLToPath(new URL("../../src/engine", import.meta.url));
const files = readdirSync(engineDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.tsx?$/.test(file))
  .map((file) => ({ file, source: readFileSync(join(engineDir, file), "utf8") }));

/** Source without comments and string literals, so prose like "no chrome.*" does not count. */
function code(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/`(?:\\.|[^`\\])*`/g, "``")
    .replace(/"(?:\\.|[^"\\])*"/g, '""')
    .replace(/'(?:\\.|[^'\\])*'/g, "''");
}

function importsOf(source: string): string[] {
  const pattern = /^\s*(?:import|export)\b[^;]*?\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']/gm;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? "");
}

const FORBIDDEN: readonly [string, RegExp][] = [
  ["chrome.*", /\bchrome\s*\./],
  ["browser.*", /\bbrowser\s*\./],
  ["window", /\bwindow\b/],
  ["document", /\bdocument\s*\./],
  ["fetch()", /\bfetch\s*\(/],
  ["XMLHttpRequest", /\bXMLHttpRequest\b/],
  ["localStorage", /\blocalStorage\b/],
];

describe("src/engine purity", () => {
  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)("$file imports only engine modules", ({ source }) => {
    for (const specifier of importsOf(source)) expect(specifier, `import of ${specifier}`).toMatch(/^\.\/[\w-]+$/);
  });

  it.each(files)("$file uses no browser, DOM or network API", ({ source }) => {
    const stripped = code(source);
    for (const [name, pattern] of FORBIDDEN) expect(pattern.test(stripped), `${name} used`).toBe(false);
  });

  it("the checker itself catches a forbidden use", () => {
    const sample = code('import x from "webextension-polyfill";\nchrome.runtime.id; // chrome.tabs in a comment');
    expect(/\bchrome\s*\./.test(sample)).toBe(true);
    expect(/\bchrome\s*\./.test(code("// only chrome.tabs in a comment"))).toBe(false);
    expect(importsOf('import browser from "webextension-polyfill";\nexport { x } from "./x";')).toEqual(["webextension-polyfill", "./x"]);
  });
});
