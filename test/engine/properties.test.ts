// fast-check properties of diagnose(); scripts/property-million.ts runs the same ones a million times.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/engine";
import { buildExchange, expectedCode, PROPERTIES, removableHeaders, wellFormed } from "./properties";

const RUNS = 300;

describe("diagnose properties", () => {
  for (const [name, property] of Object.entries(PROPERTIES)) {
    it(name, () => {
      fc.assert(property, { numRuns: RUNS });
    });
  }

  it("the well-formed generator really produces allowed exchanges, and each removal really blocks", () => {
    // Guards the generator itself: one sampled exchange per removable header, checked directly.
    const samples = fc.sample(wellFormed, { numRuns: 50, seed: 42 });
    for (const spec of samples) {
      expect(diagnose(buildExchange(spec)).verdict).toBe("allowed");
      for (const removed of removableHeaders(spec)) {
        expect(diagnose(buildExchange(spec, removed))).toMatchObject({ verdict: "blocked", ...expectedCode(removed, spec) });
      }
    }
  });
});
