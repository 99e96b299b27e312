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
    ["engine → report", "src/engine/probe.ts", "../report/types"],
    ["engine → har", "src/engine/probe.ts", "../har/reader"],
    ["fixes → report", "src/fixes/probe.ts", "../report/entry"],
    ["report → shared", "src/report/probe.ts", "../shared/messages"],
    ["report → har", "src/report/probe.ts", "../har/reader"],
    ["report → cli", "src/report/probe.ts", "../cli/main"],
    ["har → shared", "src/har/probe.ts", "../shared/report"],
    ["har → background", "src/har/probe.ts", "../background/redact"],
    ["har → ui", "src/har/probe.ts", "../ui/format"],
    ["har → cli", "src/har/probe.ts", "../cli/main"],
    ["har → a Node API", "src/har/probe.ts", "node:fs"],
    ["har → browser API", "src/har/probe.ts", "webextension-polyfill"],
    ["cli → background", "src/cli/probe.ts", "../background/report"],
    ["cli → shared", "src/cli/probe.ts", "../shared/report"],
    ["cli → ui", "src/cli/probe.ts", "../ui/export"],
    ["cli → browser API", "src/cli/probe.ts", "webextension-polyfill"],
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
    ["report → engine", "src/report/probe.ts", "../engine/diagnose"],
    ["report → fix types", "src/report/probe.ts", "../fixes/types"],
    ["har → engine", "src/har/probe.ts", "../engine/types"],
    ["har → report", "src/har/probe.ts", "../report/redact"],
    ["cli → engine", "src/cli/probe.ts", "../engine/diagnose"],
    ["cli → fixes", "src/cli/probe.ts", "../fixes/servers"],
    ["cli → har", "src/cli/probe.ts", "../har/reader"],
    ["cli → report", "src/cli/probe.ts", "../report/entry"],
    ["cli → a Node API", "src/cli/probe.ts", "node:http"],
    ["background → report", "src/background/probe.ts", "../report/entry"],
    ["shared → report", "src/shared/probe.ts", "../report/types"],
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

  it("refuses Node's globals in the HAR reader (the panel runs it too)", async () => {
    expect(await broken("src/har/probe.ts", "export const cwd = process.cwd();\n")).not.toEqual([]);
    expect(await broken("src/har/probe.ts", "export const bytes = Buffer.from('x');\n")).not.toEqual([]);
    expect(await broken("src/cli/probe.ts", "export const cwd = process.cwd();\n")).toEqual([]);
  });

  it("refuses the browser's globals in the engine and the fixes", async () => {
    expect(await broken("src/engine/probe.ts", "export const id = chrome.runtime.id;\n")).not.toEqual([]);
    expect(await broken("src/fixes/probe.ts", "export const page = document.title;\n")).not.toEqual([]);
  });
});
