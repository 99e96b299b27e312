// `npm run har:fixtures`: real HAR files from the browsers' own exporters, recorded on the CORS lab,
// with each browser's verdict per case from the same run, into test/fixtures/har/ (README there).
//   chromium-full.har, chromium-sanitized.har  DevTools' own Export HAR (scripts/har-fixtures/devtools-export.ts)
//   playwright.har                             Playwright's recordHar of the same Chromium run
//   firefox.har                                Firefox ESR's own HAR auto-export
//   verdicts.json                              Chromium's corsErrorStatus and Firefox's console reason per case
// `--only chromium` or `--only firefox` re-records one browser and keeps the other's files, which
// needs the same lab origins: the lab listens on LAB_PORT (default 47310) and the next two ports.
// `--out <folder>` writes elsewhere (to look at a new browser version before replacing the fixtures).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLab, type Lab } from "../test/lab/server";
import { recordChromium, type ChromiumRun } from "./har-fixtures/chromium";
import { recordFirefox, type FirefoxRun } from "./har-fixtures/firefox";
import { checkAgainstCatalog, type Verdicts } from "./har-fixtures/verdicts";

const FIXTURE_DIR = join("test", "fixtures", "har");
const DEFAULT_LAB_PORT = 47310;

type Browser = "chromium" | "firefox";

interface Options {
  readonly only: readonly Browser[];
  readonly out: string;
}

function parseOptions(argv: readonly string[]): Options {
  const valueOf = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    if (at === -1) return undefined;
    const value = argv[at + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    return value;
  };
  const only = valueOf("--only");
  if (only !== undefined && only !== "chromium" && only !== "firefox") throw new Error("--only takes chromium or firefox");
  return { only: only ? [only] : ["chromium", "firefox"], out: valueOf("--out") ?? FIXTURE_DIR };
}

/** Writes the text as the exporter made it, byte for byte. */
function write(folder: string, name: string, text: string): void {
  writeFileSync(join(folder, name), text);
  console.log(`  ${join(folder, name)}  ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`);
}

function previousVerdicts(folder: string, lab: Lab): Partial<Verdicts> {
  const file = join(folder, "verdicts.json");
  if (!existsSync(file)) return {};
  const previous = JSON.parse(readFileSync(file, "utf8")) as Verdicts;
  const same = previous.lab.pageOrigin === lab.origins.pageOrigin && previous.lab.apiA === lab.origins.apiA && previous.lab.apiB === lab.origins.apiB;
  if (!same) throw new Error(`the kept fixtures were recorded on other lab origins (${previous.lab.pageOrigin}): re-record both browsers`);
  return previous;
}

async function main(): Promise<void> {
  const { only, out } = parseOptions(process.argv.slice(2));
  mkdirSync(out, { recursive: true });
  const lab = await startLab({ port: Number(process.env.LAB_PORT ?? DEFAULT_LAB_PORT) });
  try {
    const kept = only.length === 2 ? {} : previousVerdicts(out, lab);
    let chromium: ChromiumRun | undefined;
    let firefox: FirefoxRun | undefined;
    if (only.includes("chromium")) {
      console.log(`Chromium: ${lab.cases.length} lab cases, DevTools open…`);
      const started = Date.now();
      chromium = await recordChromium(lab, join(tmpdir(), `cors-doctor-playwright-${process.pid}.har`));
      console.log(`  ${chromium.version}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      write(out, "chromium-full.har", chromium.full);
      write(out, "chromium-sanitized.har", chromium.sanitized);
      write(out, "playwright.har", chromium.playwright);
    }
    if (only.includes("firefox")) {
      console.log(`Firefox: ${lab.cases.length} lab cases, HAR auto-export…`);
      const started = Date.now();
      firefox = await recordFirefox(lab);
      console.log(`  ${firefox.version}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      write(out, "firefox.har", firefox.har);
    }
    const verdicts: Verdicts = {
      generatedAt: new Date().toISOString(),
      lab: { pageOrigin: lab.origins.pageOrigin, apiA: lab.origins.apiA, apiB: lab.origins.apiB },
      ...(chromium ? { chromium: { version: chromium.version, cases: chromium.cases } } : kept.chromium ? { chromium: kept.chromium } : {}),
      ...(firefox ? { firefox: { version: firefox.version, cases: firefox.cases } } : kept.firefox ? { firefox: kept.firefox } : {}),
    };
    write(out, "verdicts.json", `${JSON.stringify(verdicts, null, 2)}\n`);
    for (const line of checkAgainstCatalog(lab.cases, verdicts)) console.log(line);
  } finally {
    await lab.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
