// docs/architecture.md must match the code: every module it names exists, every module of
// src/background, src/engine, src/report, src/har and src/cli is named in it, and each function its flow names is exported by
// the module it names.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const doc = readFileSync("docs/architecture.md", "utf8");
const PARTS = ["engine", "fixes", "report", "har", "cli", "shared", "background", "ui", "panel", "popup", "devtools"];
const pathPattern = new RegExp(String.raw`(?<![\w/.-])(?:src/)?((?:${PARTS.join("|")})/[\w./-]*\.tsx?)\b`, "g");

/** Every source path the doc names, written src/part/file.ts or part/file.ts (as in the diagram). */
function namedPaths(): string[] {
  return [...new Set([...doc.matchAll(pathPattern)].map((match) => `src/${match[1]}`))].sort();
}

const modulesOf = (part: string): string[] =>
  readdirSync(`src/${part}`, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => `src/${part}/${entry.name}`);

describe("docs/architecture.md", () => {
  it("names modules that exist", () => {
    const paths = namedPaths();
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((path) => !existsSync(path))).toEqual([]);
  });

  it.each(["background", "engine", "report", "har", "cli"])("names every module of src/%s in its table", (part) => {
    const missing = modulesOf(part).filter((path) => !doc.includes("`" + path + "`"));
    // A new module belongs in the part's table of docs/architecture.md, with what it does.
    expect(missing).toEqual([]);
  });

  it("names parts that exist, and each function of the flow where it is exported", () => {
    for (const part of PARTS) if (doc.includes(`src/${part}/`)) expect(existsSync(`src/${part}`), part).toBe(true);
    const claims = [...doc.matchAll(/((?:engine|background|fixes|report|har|cli)\/[\w-]+\.ts)\s+(\w+)\(\)/g)].map((m) => [`src/${m[1]}`, m[2]!] as const);
    expect(claims.length).toBeGreaterThanOrEqual(5);
    for (const [path, name] of claims) {
      expect(readFileSync(path, "utf8"), `${name} in ${path}`).toMatch(new RegExp(`export (async )?function ${name}\\b`));
    }
    // report/entry.ts's toDiagnosedEntry() is where the engine runs, for the worker, the HAR reader
    // and the command line alike: the doc says so, the code must do so.
    expect(doc).toMatch(/toDiagnosedEntry\(\): engine\/diagnose\.ts diagnose\(\)/);
    expect(readFileSync("src/report/entry.ts", "utf8")).toMatch(/export function toDiagnosedEntry[\s\S]*= diagnose\(exchange\)/);
    expect(readFileSync("src/background/report.ts", "utf8")).toMatch(/toDiagnosedEntry\(entry\.exchange/);
  });
});
