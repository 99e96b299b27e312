// Figure 4: the panel's first render with 10,000 entries in real Chromium, from a production build
// of bench/panel-page served over HTTP.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import preact from "@preact/preset-vite";
import { build } from "vite";
import { launchChromium } from "../test/helpers/chromium";
import { summarize, type Summary } from "./stats";

export interface PanelFigure {
  readonly entries: number;
  readonly runs: number;
  readonly mount: Summary;
  /** Until the first frame showing rows has been produced: the panel's first render. */
  readonly firstFrame: Summary;
  /** Until rows are in the DOM (the panel connects in an effect, after its first, empty paint). */
  readonly rowsInDom?: Summary;
  /** Until the first frame after mounting, before the rows. */
  readonly emptyFrame?: Summary;
  readonly elements: number;
  readonly nodes: number;
  readonly rows: number;
  /** Rows already in the DOM when mountPanel returned (rendering is synchronous). */
  readonly rowsBeforeFrame: number;
}

interface PanelSample {
  readonly rowsBeforeFrame: number;
  readonly rowsInDomMs: number;
  readonly emptyFrameMs: number;
  readonly mountMs: number;
  readonly firstFrameMs: number;
  readonly rows: number;
  readonly elements: number;
  readonly nodes: number;
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

export async function buildPanelPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: "warn",
    root: resolve("bench/panel-page"),
    plugins: [preact()],
    build: { outDir: resolve(outDir), emptyOutDir: true, target: "chrome120", modulePreload: { polyfill: false } },
  });
}

/** `query`: more of the bench page's options, e.g. "&grouped=1" (one row per cause). */
export async function measurePanel(outDir: string, runs: number, entries = 10_000, query = ""): Promise<PanelFigure> {
  await buildPanelPage(outDir);
  const root = resolve(outDir);
  const server = createServer((request, response) => {
    const path = normalize((request.url ?? "/").split("?")[0] ?? "/");
    const file = join(root, path === "/" ? "index.html" : path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.setHeader("content-type", TYPES[extname(file)] ?? "application/octet-stream");
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/?count=${entries}${query}`;
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    // The size of a docked DevTools panel on a laptop screen.
    await page.setViewportSize({ width: 1280, height: 800 });
    const samples: PanelSample[] = [];
    for (let run = 0; run <= runs; run++) {
      await page.goto(url);
      const handle = await page.waitForFunction(() => (window as unknown as { benchPanel?: unknown }).benchPanel, undefined, { timeout: 60_000 });
      const sample = (await handle.jsonValue()) as PanelSample;
      if (sample.rows === 0) throw new Error("the panel rendered no rows");
      if (run > 0) samples.push(sample); // the first load warms the code cache
    }
    const last = samples[samples.length - 1]!;
    return {
      entries,
      runs,
      mount: summarize(samples.map((s) => s.mountMs)),
      firstFrame: summarize(samples.map((s) => s.firstFrameMs)),
      rowsInDom: summarize(samples.map((s) => s.rowsInDomMs)),
      emptyFrame: summarize(samples.map((s) => s.emptyFrameMs)),
      elements: Math.max(...samples.map((s) => s.elements)),
      nodes: Math.max(...samples.map((s) => s.nodes)),
      rows: last.rows,
      rowsBeforeFrame: last.rowsBeforeFrame,
    };
  } finally {
    await browser.close();
    server.close();
  }
}
