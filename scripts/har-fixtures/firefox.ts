// One Firefox ESR run over every lab case with Firefox's own HAR auto-export: the Network monitor
// open from the start (--devtools, netmonitor as the selected tool) and
// devtools.netmonitor.har.enableAutoExportToFile, which writes the HAR once the page's load has
// ended and 1.5 s passed without requests. The lab page's load is held open until its cases are
// done by one image the page inserts at DOMContentLoaded from a loopback "hold" server that answers
// only when told to; then the export fires with every case in it. Firefox's verdict per case comes
// from the same run: the console reason (read in the browser's chrome context) and the page's outcome.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FirefoxConsole, firefoxVerdicts } from "../../test/e2e/helpers/firefox";
import type { CaseOutcome } from "../../test/e2e/helpers/lab-page";
import { launchFirefox } from "../../test/helpers/firefox";
import type { Lab } from "../../test/lab/server";
import type { FirefoxCaseVerdict } from "./verdicts";

export interface FirefoxRun {
  /** e.g. "Firefox 153.8.0esr". */
  readonly version: string;
  readonly har: string;
  readonly cases: Readonly<Record<string, FirefoxCaseVerdict>>;
  readonly outcomes: Readonly<Record<string, CaseOutcome>>;
}

const GIF_1X1 = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

interface HoldServer {
  readonly url: string;
  /** Answers the held request(s) and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/** A loopback server whose only resource (a 1×1 GIF) is answered when release() is called. */
async function startHoldServer(): Promise<HoldServer> {
  const held: ServerResponse[] = [];
  let released = false;
  const answer = (response: ServerResponse): void => {
    response.writeHead(200, { "Content-Type": "image/gif", "Cache-Control": "no-store" });
    response.end(GIF_1X1);
  };
  const server = createServer((_request, response) => (released ? answer(response) : held.push(response)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hold-page-load.gif`,
    release() {
      released = true;
      for (const response of held.splice(0)) answer(response);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Inserted in the lab page before its own scripts run: the image that holds its load event. */
const holdPageLoad = (url: string): string => `document.addEventListener("DOMContentLoaded", () => {
  const image = document.createElement("img");
  image.alt = "";
  image.hidden = true;
  image.src = ${JSON.stringify(url)};
  document.body.append(image);
}, { once: true });`;

async function waitForHar(folder: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = existsSync(folder) ? readdirSync(folder).find((name) => name.endsWith(".har")) : undefined;
    if (file) {
      const text = readFileSync(join(folder, file), "utf8");
      try {
        JSON.parse(text);
        return text;
      } catch {
        // Still being written.
      }
    }
    if (Date.now() > deadline) throw new Error(`Firefox wrote no HAR into ${folder} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval of a condition wait
  }
}

export async function recordFirefox(lab: Lab): Promise<FirefoxRun> {
  const harFolder = mkdtempSync(join(tmpdir(), "cors-doctor-firefox-har-"));
  const hold = await startHoldServer();
  const firefox = await launchFirefox({
    extraArgs: ["--devtools"],
    extraPrefs: {
      "devtools.toolbox.selectedTool": "netmonitor",
      "devtools.netmonitor.har.enableAutoExportToFile": true,
      "devtools.netmonitor.har.defaultLogDir": harFolder,
      "devtools.netmonitor.har.defaultFileName": "firefox",
    },
  });
  try {
    const { browser } = firefox;
    // The first tab is the one --devtools opened the toolbox for.
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    const consoleListener = await FirefoxConsole.attach(browser);
    await page.evaluateOnNewDocument(holdPageLoad(hold.url));
    await page.goto(lab.pageUrl, { waitUntil: "domcontentloaded" });
    await page.waitForFunction(() => "runAll" in window && "labCases" in window);
    const outcomes = await page.evaluate(() => (window as unknown as { runAll(): Promise<Record<string, CaseOutcome>> }).runAll());
    const failed = lab.cases.filter((labCase) => outcomes[labCase.id]?.ok === false).map((labCase) => labCase.id);
    const messages = await consoleListener.waitFor((all) => failed.every((id) => all.some((message) => message.caseId === id)));
    await consoleListener.detach();
    hold.release();
    const har = await waitForHar(harFolder, 30_000);
    const cases: Record<string, FirefoxCaseVerdict> = {};
    for (const [id, verdict] of firefoxVerdicts(lab.cases, messages, outcomes)) {
      cases[id] = { blocked: verdict.blocked, reason: verdict.reason, consoleMessage: verdict.reasonText };
    }
    const version = (await browser.version()).replace(/^firefox\//i, "Firefox ");
    return { version, har, cases, outcomes };
  } finally {
    hold.release();
    await firefox.close();
    await hold.close();
    rmSync(harFolder, { recursive: true, force: true });
  }
}
