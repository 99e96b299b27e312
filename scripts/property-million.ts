// Runs the engine's fast-check properties for at least 1,000,000 cases in total and prints the
// count and time. Usage: npm run props:million [-- <total cases>]
import fc from "fast-check";
import { performance } from "node:perf_hooks";
import { PROPERTIES } from "../test/engine/properties";

const requested = Number(process.argv[2] ?? 1_000_000);
const total = Number.isFinite(requested) && requested > 0 ? Math.ceil(requested) : 1_000_000;
const entries = Object.entries(PROPERTIES);
const perProperty = Math.ceil(total / entries.length);
const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);

console.log(`fast-check ${fc.__version}, seed ${seed}, ${perProperty.toLocaleString("en")} runs per property`);
let cases = 0;
const started = performance.now();
for (const [name, property] of entries) {
  const propertyStart = performance.now();
  fc.assert(property, { numRuns: perProperty, seed, endOnFailure: true });
  cases += perProperty;
  const seconds = (performance.now() - propertyStart) / 1000;
  console.log(`  ✓ ${name}: ${perProperty.toLocaleString("en")} cases in ${seconds.toFixed(1)} s`);
}
const seconds = (performance.now() - started) / 1000;
console.log(`${cases.toLocaleString("en")} cases passed in ${seconds.toFixed(1)} s (${Math.round(cases / seconds).toLocaleString("en")} cases/s)`);
