// Firefox's own verdict per lab case, and the extension's report, read from a Firefox driven over
// WebDriver BiDi (test/helpers/firefox.ts launches it).
//
// Firefox's truth: the console reason. Firefox logs each CORS failure to its console service
// (nsCORSListenerProxy::LogBlockedCORSRequest) as an nsIScriptError whose category is the reason
// key (CORSMissingAllowOrigin2, …) and whose text names the request's URL. Those messages are not
// BiDi log entries of the page, but with --remote-allow-system-access BiDi can run script in the
// browser's own (chrome) context, where a console listener receives them: that is what this
// helper installs. The page's fetch outcome is read too, as a second witness.
import type { Browser, Page } from "puppeteer-core";
import { firefoxReasonOfCategory, type FirefoxReasonKey } from "../../../src/engine/firefox-reasons";
import type { Request } from "../../../src/shared/messages";
import type { Report } from "../../../src/shared/report";
import { FIREFOX_EXTENSION_ORIGIN } from "../../helpers/firefox";
import type { Lab } from "../../lab/server";
import type { ResolvedCase } from "../../lab/types";
import { caseIdOf } from "./ground-truth";
import type { CaseOutcome } from "./lab-page";

/** The part of puppeteer's BiDi connection this helper uses (puppeteer does not type it publicly). */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

function connectionOf(browser: Browser): BidiConnection {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection || typeof connection.send !== "function") throw new Error("not a WebDriver BiDi browser: no connection to send commands on");
  return connection;
}

/** One message Firefox logged about a lab request (every CORS message, and others naming a case URL). */
export interface FirefoxConsoleMessage {
  /** security.properties key, e.g. "CORSMissingAllowOrigin2". */
  readonly category: string;
  /** MDN's name for it, when it is a CORS reason. */
  readonly reason: FirefoxReasonKey | undefined;
  readonly text: string;
  readonly warning: boolean;
  /** The URL the message names, and the lab case it belongs to. */
  readonly url: string | undefined;
  readonly caseId: string | undefined;
}

interface RawMessage {
  readonly category: string;
  readonly text: string;
  readonly flags: number;
}

// Runs in Firefox's parent process (chrome context): Services and Ci are its globals there.
const INSTALL = `(() => {
  if (globalThis.__corsDoctorConsole) return "already";
  const seen = [];
  const listener = { observe(message) {
    try {
      const error = message.QueryInterface(Ci.nsIScriptError);
      if (/^CORS/.test(error.category) || /[?&]case=/.test(error.errorMessage)) seen.push({ category: error.category, text: error.errorMessage, flags: error.flags });
    } catch {}
  } };
  Services.console.registerListener(listener);
  globalThis.__corsDoctorConsole = { seen, listener };
  return "installed";
})()`;
const READ = `JSON.stringify(globalThis.__corsDoctorConsole ? globalThis.__corsDoctorConsole.seen : null)`;
const UNINSTALL = `(() => { const c = globalThis.__corsDoctorConsole; if (c) { Services.console.unregisterListener(c.listener); delete globalThis.__corsDoctorConsole; } return "ok"; })()`;

const URL_IN_MESSAGE = /remote resource at ‘?(\S+?)’?(?:\.| soon\.) \(Reason:/;
/** Other loaders name the URL at the end ("… source: <url>") or in quotes (“<url>”). */
const OTHER_URL = /(?:source: |“)(https?:\/\/[^\s”]+)/;

/** Script in Firefox's own (chrome) context over BiDi; needs --remote-allow-system-access. */
export class ChromeScript {
  private constructor(
    private readonly connection: BidiConnection,
    private readonly context: string,
  ) {}

  static async attach(browser: Browser): Promise<ChromeScript> {
    const connection = connectionOf(browser);
    const tree = (await connection.send("browsingContext.getTree", { "moz:scope": "chrome" })).result as { contexts?: { context: string }[] };
    const context = tree.contexts?.[0]?.context;
    if (!context) throw new Error("Firefox gave no chrome browsing context: is --remote-allow-system-access set?");
    return new ChromeScript(connection, context);
  }

  /** Runs `expression` (awaiting a promise it returns); its string result, or null. */
  async evaluate(expression: string): Promise<string | null> {
    const reply = (await this.connection.send("script.evaluate", { expression, target: { context: this.context }, awaitPromise: true })).result as {
      type: string;
      result?: { value?: unknown };
      exceptionDetails?: { text?: string };
    };
    if (reply.type !== "success") throw new Error(`chrome-context script failed: ${reply.exceptionDetails?.text ?? "unknown error"}`);
    const value = reply.result?.value;
    return typeof value === "string" ? value : null;
  }
}

export class FirefoxConsole {
  private constructor(private readonly chrome: ChromeScript) {}

  /** Starts listening to the browser console. Attach before the page makes its requests. */
  static async attach(browser: Browser): Promise<FirefoxConsole> {
    const chrome = await ChromeScript.attach(browser);
    await chrome.evaluate(INSTALL);
    return new FirefoxConsole(chrome);
  }

  private evaluate(expression: string): Promise<string | null> {
    return this.chrome.evaluate(expression);
  }

  async messages(): Promise<FirefoxConsoleMessage[]> {
    const raw = JSON.parse((await this.evaluate(READ)) ?? "null") as RawMessage[] | null;
    if (!raw) throw new Error("the console listener is gone");
    return raw.map((message) => {
      const url = URL_IN_MESSAGE.exec(message.text)?.[1] ?? OTHER_URL.exec(message.text)?.[1];
      return {
        category: message.category,
        reason: firefoxReasonOfCategory(message.category),
        text: message.text,
        // nsIScriptError.warningFlag
        warning: (message.flags & 1) === 1,
        url,
        caseId: url === undefined ? undefined : caseIdOf(url),
      };
    });
  }

  /** Reads the messages until `done` holds; resolves with the last read after `timeoutMs` either way. */
  async waitFor(done: (messages: readonly FirefoxConsoleMessage[]) => boolean, timeoutMs = 10_000): Promise<FirefoxConsoleMessage[]> {
    const deadline = Date.now() + timeoutMs;
    let messages = await this.messages();
    while (!done(messages) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval of a condition wait
      messages = await this.messages();
    }
    return messages;
  }

  async detach(): Promise<void> {
    await this.evaluate(UNINSTALL).catch(() => undefined);
  }
}

/** Firefox's verdict on one lab case. */
export interface FirefoxVerdict {
  /** Firefox logged a CORS error for a request of the case. */
  readonly blocked: boolean;
  /**
   * The deciding reason: the first error that is not the generic "CORS request did not succeed"
   * Firefox adds for the actual request after a failed preflight (that one when it is the only one).
   */
  readonly reason: FirefoxReasonKey | null;
  readonly reasonText: string | null;
  readonly messages: readonly FirefoxConsoleMessage[];
  /** What the page saw. */
  readonly page: CaseOutcome | undefined;
}

export function firefoxVerdicts(
  cases: readonly ResolvedCase[],
  messages: readonly FirefoxConsoleMessage[],
  outcomes: Readonly<Record<string, CaseOutcome>>,
): Map<string, FirefoxVerdict> {
  const verdicts = new Map<string, FirefoxVerdict>();
  for (const labCase of cases) {
    const own = messages.filter((message) => message.caseId === labCase.id);
    const errors = own.filter((message) => !message.warning && message.reason !== undefined);
    const deciding = errors.find((message) => message.reason !== "CORSDidNotSucceed") ?? errors[0];
    verdicts.set(labCase.id, {
      blocked: errors.length > 0,
      reason: deciding?.reason ?? null,
      reasonText: deciding?.text ?? null,
      messages: own,
      page: outcomes[labCase.id],
    });
  }
  return verdicts;
}

/** Opens the lab page in a new tab and waits until its functions exist. */
export async function openFirefoxLabPage(browser: Browser, lab: Lab): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(lab.pageUrl);
  await page.waitForFunction(() => "runAll" in window && "labCases" in window);
  return page;
}

export function runAllFirefoxCases(page: Page): Promise<Record<string, CaseOutcome>> {
  return page.evaluate(() => (window as unknown as { runAll(): Promise<Record<string, CaseOutcome>> }).runAll());
}

/**
 * An extension page (the popup's document, in a tab) at the fixed moz-extension:// address. BiDi's
 * navigation to it loads the page but may never report the load finished, so the wait is on the
 * page's own script instead.
 */
export async function openFirefoxExtensionPage(browser: Browser, path = "src/popup/index.html"): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${FIREFOX_EXTENSION_ORIGIN}/${path}`, { timeout: 3_000 }).catch(() => undefined);
  await page.waitForFunction(() => typeof (globalThis as { browser?: { runtime?: unknown } }).browser?.runtime === "object", { timeout: 15_000 });
  return page;
}

export function sendFromFirefox<T>(extensionPage: Page, message: Request): Promise<T> {
  return extensionPage.evaluate((m) => (globalThis as unknown as { browser: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).browser.runtime.sendMessage(m), message) as Promise<T>;
}

/** Polls the report until `done` holds; resolves with the last report after `timeoutMs` either way. */
export async function waitForFirefoxReport(extensionPage: Page, done: (report: Report) => boolean, timeoutMs = 30_000): Promise<Report> {
  const deadline = Date.now() + timeoutMs;
  let report = await sendFromFirefox<Report>(extensionPage, { type: "get-report" });
  while (!done(report) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100)); // polling interval of a condition wait
    report = await sendFromFirefox<Report>(extensionPage, { type: "get-report" });
  }
  return report;
}
