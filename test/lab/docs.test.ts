// docs/lab.md lists every case of the catalog.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAB_CASES } from "./cases";
import { LNA_CASES } from "./lna";

describe("docs/lab.md", () => {
  const doc = readFileSync(new URL("../../docs/lab.md", import.meta.url), "utf8");

  it.each([...LAB_CASES, ...LNA_CASES].map((labCase) => [labCase.id, labCase] as const))("lists %s with its expected code", (id, labCase) => {
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${id}\` |`));
    expect(row, id).toBeDefined();
    expect(row).toContain(labCase.expected.blocked ? labCase.expected.code : (labCase.expected.failedNotCors ?? "allowed"));
  });
});
