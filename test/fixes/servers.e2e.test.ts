// Proof on real servers: for each stack below, the fix generated for the broken lab case (a
// credentialed PUT with authorization + x-request-id whose preflight got a 401) is dropped into
// the real server; in real Chromium the request then passes, and a page on an unlisted origin is
// still refused (Network.loadingFailed carries a corsErrorStatus).
import type { CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixes, detectStacks } from "../../src/fixes/index";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startPageOrigins, waitFor, type CorsErrorStatus, type PageOrigins } from "./pages";
import { context } from "./contexts";
import { requires } from "../helpers/requirements";
import { API_PATH, freePort, SERVERS, startServer, stopAllServers, TOKEN } from "./real-servers";

interface FetchOutcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly requestId?: string | null;
  readonly body?: string;
  readonly error?: string;
  readonly corsErrors: CorsErrorStatus[];
}

const REQUEST_ID = "req-42";
/** Stacks whose real server identifies itself in its response headers, with the evidence expected. */
const DETECTABLE: Record<string, RegExp> = {
  express: /X-Powered-By: Express/i,
  flask: /Server: Werkzeug/i,
  fastapi: /server: uvicorn/i,
  django: /Server: WSGIServer/i,
  nginx: /Server: nginx/i,
  apache: /Server: Apache/i,
  caddy: /Server: Caddy/i,
  rails: /Server: WEBrick/i,
};
const results: string[] = [];

describe("generated fixes on real servers, in real Chromium", () => {
  let browser: LaunchedBrowser;
  let pages: PageOrigins | undefined;
  let listedOrigin = "";
  let unlistedOrigin = "";

  beforeAll(async () => {
    pages = await startPageOrigins();
    listedOrigin = pages.listed;
    unlistedOrigin = pages.unlisted;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await stopAllServers();
    await browser?.close();
    await pages?.close();
    console.log(`Real-server proof:\n${results.join("\n")}`);
  });

  async function fetchFrom(pageOrigin: string, url: string): Promise<FetchOutcome> {
    const page = await browser.context.newPage();
    const corsErrors: CorsErrorStatus[] = [];
    let cdp: CDPSession | undefined;
    try {
      cdp = await browser.context.newCDPSession(page);
      cdp.on("Network.loadingFailed", (event) => {
        if (event.corsErrorStatus) corsErrors.push(event.corsErrorStatus);
      });
      await cdp.send("Network.enable");
      await page.goto(`${pageOrigin}/`);
      const outcome = await page.evaluate(
        async ({ target, token, requestId }) => {
          try {
            const response = await fetch(target, {
              method: "PUT",
              credentials: "include",
              headers: { authorization: token, "x-request-id": requestId },
            });
            return { ok: true, status: response.status, requestId: response.headers.get("x-request-id"), body: await response.text() };
          } catch (error) {
            return { ok: false, error: String(error) };
          }
        },
        { target: url, token: TOKEN, requestId: REQUEST_ID },
      );
      if (!outcome.ok) await waitFor(() => corsErrors.length > 0, "Network.loadingFailed with corsErrorStatus");
      return { ...outcome, corsErrors };
    } finally {
      await cdp?.detach().catch(() => undefined);
      await page.close();
    }
  }

  // Control: the same harness without the fix shows the lab's failure, so a pass above means something.
  it.for(["express", "flask"])("%s without the fix: the preflight is refused by authentication", async (stack, testContext) => {
    requires(testContext, ...(SERVERS[stack]?.needs ?? []));
    const port = await freePort();
    const server = await startServer(stack, "", port);
    try {
      const blocked = await fetchFrom(listedOrigin, `http://localhost:${port}${API_PATH}`);
      expect(blocked.ok).toBe(false);
      expect(blocked.corsErrors.map((status) => status.corsError)).toContain("PreflightMissingAllowOriginHeader");
      results.push(`  ${`${stack} (no fix)`.padEnd(20)} blocked: ${blocked.corsErrors.map((status) => status.corsError).join(", ")}`);
    } finally {
      await server.stop();
    }
  });

  // Every stack with a real server; one whose server is not installed here is skipped with its
  // install command (a failure under CI=true).
  it.for(Object.keys(SERVERS))("%s: the blocked request now passes; an unlisted origin is still refused", async (stack, testContext) => {
    requires(testContext, ...(SERVERS[stack]?.needs ?? []));
    const port = await freePort();
    const serverOrigin = `http://localhost:${port}`;
    const fixContext = context(
      {
        origin: listedOrigin,
        methods: ["PUT"],
        requestHeaders: ["authorization", "x-request-id"],
        credentials: true,
        exposeHeaders: ["x-request-id"],
        preflight: true,
        preflightStatus: 401,
        path: API_PATH,
        serverOrigin,
      },
      "PreflightInvalidStatus",
    );
    const fix = buildFixes(fixContext).find((candidate) => candidate.stack === stack);
    if (!fix) throw new Error(`no fix for ${stack}`);
    const server = await startServer(stack, fix.snippet, port);
    try {
      const allowed = await fetchFrom(listedOrigin, `${serverOrigin}${API_PATH}`);
      expect(allowed, server.output()).toMatchObject({ ok: true, status: 200, requestId: REQUEST_ID, corsErrors: [] });
      expect(allowed.body).toMatch(/"ok":\s*true/);

      const refused = await fetchFrom(unlistedOrigin, `${serverOrigin}${API_PATH}`);
      expect(refused.ok).toBe(false);
      expect(refused.corsErrors.length).toBeGreaterThan(0);
      const [first] = refused.corsErrors;

      // A cache must keep one answer per Origin: the echoing answer says Vary: Origin (also on an error).
      const vary = async (headers: Record<string, string>): Promise<string> => {
        const response = await fetch(`${serverOrigin}${API_PATH}`, { method: "PUT", headers });
        return `${response.status} ACAO ${response.headers.get("access-control-allow-origin") ?? "-"} Vary ${response.headers.get("vary") ?? "-"}`;
      };
      const echoed = await vary({ Origin: listedOrigin, authorization: TOKEN });
      expect(echoed, `${stack}: the allowed answer`).toMatch(new RegExp(`ACAO ${listedOrigin.replace(/[.]/g, "\\.")} Vary .*\\borigin\\b`, "i"));
      const withoutOrigin = await vary({ authorization: TOKEN });
      // The answer to a request without Origin (a no-cors load) is the one a cache would hand to a later CORS request.
      expect(withoutOrigin, `${stack}: the answer without Origin`).toMatch(/Vary .*\borigin\b/i);
      results.push(`  ${stack.padEnd(20)} Vary: with Origin ${echoed}; without Origin ${withoutOrigin}`);

      // Detection on the real server's own answer (the unauthenticated PUT, as the page saw it fail).
      const answer = await fetch(`${serverOrigin}${API_PATH}`, { method: "PUT" });
      const detected = detectStacks([...answer.headers].map(([name, value]) => ({ name, value })));
      const expected = DETECTABLE[stack];
      if (expected) expect(detected[0], JSON.stringify([...answer.headers])).toEqual({ stack, evidence: expect.stringMatching(expected) });
      results.push(
        `  ${stack.padEnd(20)} allowed ${allowed.status}, x-request-id readable; unlisted origin refused: ${first?.corsError}; detected: ${detected.map((detection) => detection.stack).join(", ") || "nothing"}`,
      );
    } finally {
      await server.stop();
    }
  });
});
