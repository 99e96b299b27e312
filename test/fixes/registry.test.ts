// Conventions checked by a test: every stack module in src/fixes/stacks is registered in
// src/fixes/index.ts and described in docs/fixes.md.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STACKS } from "../../src/fixes/index";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const STACKS_DIR = join(ROOT, "src/fixes/stacks");
const INDEX = readFileSync(join(ROOT, "src/fixes/index.ts"), "utf8");
const DOCS = readFileSync(join(ROOT, "docs/fixes.md"), "utf8");
const modules = readdirSync(STACKS_DIR).filter((file) => file.endsWith(".ts")).map((file) => file.replace(/\.ts$/, ""));

describe("stack modules", () => {
  it("one module per registered stack, named by its id", () => {
    expect(modules.sort()).toEqual(STACKS.map((stack) => stack.id).sort());
  });

  it.each(modules)("%s is imported by index.ts", (module) => {
    expect(INDEX).toContain(`from "./stacks/${module}"`);
  });

  it.each(STACKS.map((stack) => [stack.id, stack.label] as const))("%s is described in docs/fixes.md", (id) => {
    const row = DOCS.split("\n").find((line) => line.includes(`\`${id}\``));
    expect(row, `docs/fixes.md has no row for \`${id}\``).toBeDefined();
    // A real description, not only the name.
    expect((row ?? "").replace(/[`|*]/g, "").trim().length).toBeGreaterThan(id.length + 40);
  });
});
