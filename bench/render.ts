// Rewrites docs/BENCHMARKS.md and docs/bench-handler.svg from figures saved by a run
// (BENCH_JSON=<file> npm run bench), without measuring again: for changes to the wording only.
import { readFileSync, writeFileSync } from "node:fs";
import { renderChart, renderMarkdown, type Figures } from "./report";

const file = process.argv[2];
if (!file) throw new Error("usage: tsx bench/render.ts <figures.json>");
const figures = JSON.parse(readFileSync(file, "utf8")) as Figures;
writeFileSync("docs/BENCHMARKS.md", renderMarkdown(figures));
writeFileSync("docs/bench-handler.svg", renderChart(figures.node.handler));
