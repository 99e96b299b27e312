// What each build leaves out, read from the builds `npm test` made (dist/, dist-firefox/): Chrome's
// worker carries neither Firefox's reason texts (src/engine/build-flags.ts) nor the Firefox
// credentials witness (src/background/witness.ts); the panel's HAR import keeps Firefox's reasons in
// both builds, and the Firefox build keeps both. Sizes are in docs/BENCHMARKS.md (bench/bundle.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureBundles } from "../../bench/bundle";

/** A string only firefox-reasons.ts has (a console category), and a field name only witness.ts has. */
const FIREFOX_REASON = "CORSMissingAllowOrigin2";
const WITNESS = "rateStart";

function workerText(dist: string): string {
  const worker = measureBundles(dist).find((part) => part.part === "worker")!;
  return worker.files.map((file) => readFileSync(join(dist, file.file), "utf8")).join("\n");
}

function harWorkerText(dist: string): string {
  const file = readdirSync(join(dist, "assets")).find((name) => /^har-worker-.*\.js$/.test(name));
  if (file === undefined) throw new Error(`no har-worker chunk in ${dist}/assets`);
  return readFileSync(join(dist, "assets", file), "utf8");
}

for (const dist of ["dist", "dist-firefox"]) {
  describe.skipIf(!existsSync(join(dist, "manifest.json")) && process.env.CI !== "true")(`the ${dist}/ build`, () => {
    const firefox = dist === "dist-firefox";

    it(firefox ? "its worker carries Firefox's reasons and the credentials witness" : "its worker carries neither Firefox's reasons nor the credentials witness", () => {
      const text = workerText(dist);
      expect(text.includes(FIREFOX_REASON)).toBe(firefox);
      expect(text.includes(WITNESS)).toBe(firefox);
    });

    it("its panel's HAR import keeps Firefox's reasons (a Firefox HAR can be read in either browser)", () => {
      expect(harWorkerText(dist)).toContain(FIREFOX_REASON);
    });
  });
}
