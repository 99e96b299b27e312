// The boundaries between the parts of src/ are enforced by lint (eslint.config.js): each is proved
// here by linting a file that is not on disk, placed in that part of src/, importing across the boundary.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary rules a virtual file at `filePath` with `code` breaks. */
async function broken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith("no-restricted-")).map((m) => `${m.ruleId}: ${m.message}`);
}

const importing = (from: string) => `import type { X } from "${from}";\nexport type Y = X;\n`;

describe("lint enforces the boundaries between the parts of src/", () => {
  const forbidden: [boundary: string, file: string, from: string][] = [
    ["engine → shared", "src/engine/probe.ts", "../shared/report"],
    ["engine → background", "src/engine/probe.ts", "../background/store"],
    ["engine → ui", "src/engine/probe.ts", "../ui/format"],
    ["engine → browser API", "src/engine/probe.ts", "webextension-polyfill"],
    ["fixes → shared", "src/fixes/probe.ts", "../shared/messages"],
    ["fixes → background", "src/fixes/stacks/probe.ts", "../../background/report"],
    ["fixes → ui", "src/fixes/probe.ts", "../ui/curl"],
    ["ui → engine", "src/ui/probe.ts", "../engine/types"],
    ["ui → fixes", "src/ui/components/Probe.tsx", "../../fixes/types"],
    ["ui → the server view", "src/ui/probe.ts", "../fixes/servers"],
    ["ui → the server policy", "src/ui/components/Probe.tsx", "../../fixes/policy"],
    ["fixes → report types", "src/fixes/probe.ts", "../shared/report"],
    ["ui → background", "src/ui/probe.ts", "../background/store"],
    ["ui → browser module", "src/ui/probe.ts", "../shared/browser"],
    ["panel → background", "src/panel/probe.ts", "../background/background"],
    ["popup → background", "src/popup/probe.ts", "../background/store"],
    ["background → browser API", "src/background/probe.ts", "webextension-polyfill"],
    ["background → test helper", "src/background/probe.ts", "../../test/helpers/fake-session"],
    ["engine → test helper", "src/engine/probe.ts", "../../test/engine/fixtures"],
    ["ui → test helper", "src/ui/probe.ts", "../../test/helpers/fake-connection"],
    ["shared → test helper", "src/shared/probe.ts", "../../test/helpers/report-fixtures"],
  ];
  it.each(forbidden)("refuses %s", async (_boundary, file, from) => {
    expect(await broken(file, importing(from))).not.toEqual([]);
  });

  const allowed: [boundary: string, file: string, from: string][] = [
    ["engine → engine", "src/engine/probe.ts", "./headers"],
    ["fixes → engine types", "src/fixes/probe.ts", "../engine/types"],
    ["ui → report types", "src/ui/probe.ts", "../shared/report"],
    ["ui → messages", "src/ui/components/Probe.tsx", "../../shared/messages"],
    ["background → engine", "src/background/probe.ts", "../engine/diagnose"],
    ["shared → engine types", "src/shared/probe.ts", "../engine/types"],
    ["panel → browser module", "src/panel/probe.ts", "../shared/browser"],
    ["panel → the fix library", "src/panel/probe.ts", "../fixes/servers"],
    ["tests → test helpers", "test/background/probe.test.ts", "../helpers/fake-session"],
  ];
  it.each(allowed)("allows %s", async (_boundary, file, from) => {
    expect(await broken(file, importing(from))).toEqual([]);
  });

  it("refuses a dynamic import across a boundary, and allows the page's of the fix library", async () => {
    const loading = (from: string) => `export const load = () => import("${from}");\n`;
    expect(await broken("src/ui/probe.ts", loading("../fixes/servers"))).not.toEqual([]);
    expect(await broken("src/ui/components/Probe.tsx", loading("../../engine/diagnose"))).not.toEqual([]);
    expect(await broken("src/fixes/probe.ts", loading("../shared/report"))).not.toEqual([]);
    expect(await broken("src/panel/probe.ts", loading("../fixes/servers"))).toEqual([]);
  });

  it("refuses a function over 80 lines and a module over 400 in src/", async () => {
    const rules = async (filePath: string, code: string): Promise<string[]> => {
      const [result] = await eslint.lintText(code, { filePath });
      return (result?.messages ?? []).map((m) => m.ruleId ?? "");
    };
    const body = (lines: number): string => Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join("\n");
    expect(await rules("src/ui/probe.ts", `export function long(): number {\n${body(80)}\n  return v0;\n}\n`)).toContain("max-lines-per-function");
    expect(await rules("src/ui/probe.ts", `export function short(): number {\n${body(70)}\n  return v0;\n}\n`)).not.toContain("max-lines-per-function");
    const many = Array.from({ length: 401 }, (_, i) => `export const c${i} = ${i};`).join("\n");
    expect(await rules("src/engine/probe.ts", `${many}\n`)).toContain("max-lines");
  });

  it("refuses the browser's globals in the engine and the fixes", async () => {
    expect(await broken("src/engine/probe.ts", "export const id = chrome.runtime.id;\n")).not.toEqual([]);
    expect(await broken("src/fixes/probe.ts", "export const page = document.title;\n")).not.toEqual([]);
  });
});
