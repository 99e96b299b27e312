// `npx tsx bench/firefox-witness.ts`: what the Firefox build's credentials witness costs a page's
// fetch(), in real Firefox ESR. Three Firefox instances side by side, measured in interleaved
// rounds: with the Firefox build (dist-firefox/, built first), with the same build minus its
// content scripts (the capture alone), and without any extension:
// - call: the synchronous time of one fetch() call to another origin (the wrapper's own work, the
//   report and the relay's part of it), with an aborted signal so that no request leaves;
// - round trip: one awaited cross-origin fetch() to a local server, in sequence.
// Prints medians and the load average beside them; docs/firefox.md quotes the figures.
import { createServer, type Server } from "node:http";
import { loadavg } from "node:os";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { launchFirefox, type LaunchedFirefox } from "../test/helpers/firefox";

type Config = "witness" | "capture" | "none";
const CONFIGS: readonly Config[] = ["witness", "capture", "none"];
const LABELS: Record<Config, string> = { none: "no extension             ", capture: "capture only (no witness)", witness: "Firefox build (witness)  " };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "7");
const CALLS = 5_000;
const TRIPS = 200;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(page: Page, api: string): Promise<{ callUs: number; tripMs: number }> {
  return page.evaluate(
    async (url, calls, trips) => {
      const controller = new AbortController();
      controller.abort();
      const pending: Promise<unknown>[] = [];
      const start = performance.now();
      for (let i = 0; i < calls; i++) pending.push(fetch(`${url}?call=${i}`, { signal: controller.signal, credentials: "include" }).catch(() => undefined));
      const callUs = ((performance.now() - start) * 1_000) / calls;
      await Promise.all(pending);
      const tripStart = performance.now();
      for (let i = 0; i < trips; i++) await (await fetch(`${url}?trip=${i}`)).text();
      return { callUs, tripMs: (performance.now() - tripStart) / trips };
    },
    api,
    CALLS,
    TRIPS,
  );
}

async function main(): Promise<void> {
  if (!existsSync("dist-firefox/manifest.json")) throw new Error("dist-firefox/ is missing: run `npm run build:firefox` first.");
  const api = createServer((_request, response) => {
    response.writeHead(200, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain", "Cache-Control": "no-store" });
    response.end("ok");
  });
  const site = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html" });
    response.end("<!doctype html><title>bench</title>");
  });
  const [apiPort, sitePort] = await Promise.all([listen(api), listen(site)]);
  // The capture alone: the same build without the witness's content scripts.
  const captureOnly = mkdtempSync(join(tmpdir(), "cors-doctor-capture-only-"));
  cpSync("dist-firefox", captureOnly, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(captureOnly, "manifest.json"), "utf8")) as Record<string, unknown>;
  delete manifest.content_scripts;
  writeFileSync(join(captureOnly, "manifest.json"), JSON.stringify(manifest));
  const browsers: Record<Config, LaunchedFirefox> = {
    witness: await launchFirefox({ extensionPath: "dist-firefox" }),
    capture: await launchFirefox({ extensionPath: captureOnly }),
    none: await launchFirefox(),
  };
  const results: Record<Config, { callUs: number[]; tripMs: number[] }> = {
    witness: { callUs: [], tripMs: [] },
    capture: { callUs: [], tripMs: [] },
    none: { callUs: [], tripMs: [] },
  };
  try {
    const pages: Partial<Record<Config, Page>> = {};
    for (const name of CONFIGS) {
      const page = await browsers[name].browser.newPage();
      await page.goto(`http://localhost:${sitePort}/`);
      pages[name] = page;
    }
    const wrapped = await pages.witness!.evaluate(() => !fetch.toString().includes("[native code]"));
    if (!wrapped) throw new Error("the witness did not wrap fetch in the Firefox build's page");
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? CONFIGS : [...CONFIGS].reverse()) {
        const figure = await measure(pages[name]!, `http://127.0.0.1:${apiPort}/api`);
        results[name].callUs.push(figure.callUs);
        results[name].tripMs.push(figure.tripMs);
      }
    }
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    api.close();
    site.close();
    rmSync(captureOnly, { recursive: true, force: true });
  }
  const load = loadavg().map((value) => value.toFixed(2)).join(" ");
  console.log(`Firefox ESR, ${ROUNDS} interleaved rounds, load average ${load}`);
  for (const name of [...CONFIGS].reverse()) {
    console.log(
      `${LABELS[name]}: fetch() call ${median(results[name].callUs).toFixed(1)} µs (median of ${CALLS} calls per round), ` +
        `round trip ${median(results[name].tripMs).toFixed(3)} ms (median of ${TRIPS} sequential fetches per round)`,
    );
  }
}

await main();
