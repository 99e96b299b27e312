// Section 10 of docs/BENCHMARKS.md: the HAR import figure in words, and spliced into the document
// in place of the one there, its targets row too, the other sections untouched.
import { describe, expect, it } from "vitest";
import { harImportSection, spliceHarImport, type HarImportFigure } from "../../bench/report-har";
import { summarize } from "../../bench/stats";

const figure = (longest: number[]): HarImportFigure => ({
  entries: 10_000,
  bytes: 45_000_000,
  requests: 5_073,
  runs: longest.length,
  total: summarize([2_100, 2_000, 2_300]),
  firstRows: summarize([900, 1_000, 1_100]),
  longest: summarize(longest),
  longTasks: summarize([3, 4, 5]),
  overLimit: longest.filter((value) => value > 200).length,
  workerChunk: { bytes: 95_590, gzip: 29_600 },
  loadAverage: "1.0 / 1.0 / 1.0",
});

const DOC = ["# Benchmarks", "", "## Targets", "", "| figure | target | measured | |", "|---|---|---|---|", "| panel | ≤ 150 ms | 129 ms | met |", "", "## Findings", "", "## 7. Export size", "", "x", ""].join("\n");

describe("HAR import section", () => {
  it("says met when no task was over 200 ms, and missed otherwise", () => {
    expect(harImportSection(figure([120, 150, 199])).join("\n")).toContain("longest 199 ms over 3 imports, 0 over the limit — met.");
    expect(harImportSection(figure([120, 250, 199])).join("\n")).toContain("longest 250 ms over 3 imports, 1 over the limit — **missed**.");
  });

  it("says how much of the longest task was the thread's own CPU time, when traced", () => {
    const text = harImportSection({ ...figure([120, 350, 199]), longestCpu: summarize([40, 49, 44]), cpuOverLimit: 0 }).join("\n");
    expect(text).toContain("| CPU time of the longest task, thread clock (trace) | 3 | 44 ms | 40 ms – 49 ms |");
    expect(text).toContain("at most 49 ms in one task, 0 tasks over 200 ms of CPU.");
    expect(harImportSection(figure([120])).join("\n")).not.toContain("thread clock");
  });

  it("is added after the last section with its targets row, then replaced in place", () => {
    const once = spliceHarImport(DOC, figure([120, 150, 199]));
    expect(once).toContain("| panel | ≤ 150 ms | 129 ms | met |\n| HAR import in the panel, 10,000 entries (43 MB) |");
    expect(once.indexOf("## 7. Export size")).toBeLessThan(once.indexOf("## 10. HAR import in the panel"));
    const twice = spliceHarImport(once, { ...figure([300, 150, 199]), measuredApart: "2026-12-07 12:00 UTC, code at abc1234" });
    expect(twice.match(/## 10\. HAR import in the panel/g)).toHaveLength(1);
    expect(twice.match(/\| HAR import in the panel/g)).toHaveLength(1);
    expect(twice).toContain("longest 300 ms over 3 imports, 1 over the limit — **missed**. (Measured on its own, 2026-12-07 12:00 UTC, code at abc1234, not by the run above.)");
    expect(twice.startsWith(DOC.trimEnd().split("## Findings")[0]!.split("| panel")[0]!)).toBe(true);
  });
});
