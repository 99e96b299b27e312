// The README is the first thing a newcomer runs: its commands, the scripts it documents and the
// files it links must all exist.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/background/store";

const readme = readFileSync("README.md", "utf8");
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;

/** Every `npm run <name>` / `npm <lifecycle>` in a text. */
function npmScriptsIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/\bnpm run ([\w:-]+)/g)) names.add(match[1] ?? "");
  for (const match of text.matchAll(/\bnpm (test|start)\b/g)) names.add(match[1] ?? "");
  return [...names];
}

function shellBlocks(text: string): string[] {
  return [...text.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

function localLinks(markdownFile: string): string[] {
  const text = readFileSync(markdownFile, "utf8");
  const targets = [
    ...[...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? ""),
    ...[...text.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1] ?? ""),
  ];
  return targets.filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#")).map((target) => target.split("#")[0] ?? "");
}

describe("README", () => {
  it("starts with the two commands, exactly", () => {
    const [first] = shellBlocks(readme);
    expect(first?.trim().split("\n")).toEqual(["npm ci && npm run demo", "npm test"]);
  });

  it("documents only npm scripts that package.json has", () => {
    const documented = npmScriptsIn(readme);
    expect(documented).toEqual(expect.arrayContaining(["demo", "test", "build", "build:firefox", "package", "lint:firefox", "screenshots", "lab"]));
    expect(documented.filter((name) => !(name in scripts))).toEqual([]);
  });

  it("links only files that exist, the screenshots included", () => {
    const links = localLinks("README.md");
    expect(links).toEqual(expect.arrayContaining(["docs/screenshots/panel-light.png", "docs/privacy.md", "docs/architecture.md"]));
    expect(links.filter((link) => !existsSync(link))).toEqual([]);
  });

  it("shows every screenshot that npm run screenshots makes", () => {
    for (const name of ["panel-light.png", "panel-dark.png", "panel-narrow.png", "panel-narrow-dark.png", "panel-list.png", "panel-har.png", "popup.png"]) {
      expect(readme).toContain(`docs/screenshots/${name}`);
    }
  });
});

describe("stated limits", () => {
  it.each(["README.md", "docs/privacy.md"])("%s states the store's real limits", (file) => {
    const text = readFileSync(file, "utf8").replace(/\s+/g, " ");
    const number = (n: number): string => n.toLocaleString("en-US");
    const stated = /([\d,]+) (?:entries )?per tab and ([\d,]+) in total/.exec(text);
    expect(stated?.slice(1)).toEqual([number(DEFAULT_LIMITS.perTab), number(DEFAULT_LIMITS.total)]);
  });
});

describe("docs", () => {
  it.each(["docs/architecture.md", "docs/privacy.md"])("%s links only files that exist and names only real npm scripts", (file) => {
    const missing = localLinks(file).filter((link) => !existsSync(join(dirname(file), link)));
    expect(missing).toEqual([]);
    expect(npmScriptsIn(readFileSync(file, "utf8")).filter((name) => !(name in scripts))).toEqual([]);
  });

  it("the scripts the package scripts run exist", () => {
    const referenced = Object.values(scripts).flatMap((command) => [...command.matchAll(/\bscripts\/[\w.-]+/g)].map((match) => match[0]));
    expect(referenced.length).toBeGreaterThan(3);
    expect(referenced.filter((path) => !existsSync(path))).toEqual([]);
  });
});
