// Proof that one paste fixes the server: each JavaScript stack (ESM and CommonJS) runs with the
// CORS configuration a team already had, which allows a GET and a JSON POST with Authorization
// and blocks a PUT with x-request-id. Real Chromium gives the verdicts; the server's own answers
// (its preflight and response headers, as the extension records them) make the observations; the
// policy's fix for that stack, in that module style, replaces the old configuration unchanged.
// Then, in Chromium: the blocked PUT passes, the GET and POST the old config allowed still pass,
// and a page on an unlisted origin is still refused. Then nginx in front of Express with CORS in
// both layers (every response refused for two Access-Control-Allow-Origin values): the layer
// detection puts nginx first, its fix goes in nginx, the app's CORS is removed as the fix says.
import { join } from "node:path";
import type { CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixesForPolicy, detectStacks } from "../../src/fixes/index";
import { detectLayers, type LayerDetection } from "../../src/fixes/layers";
import { serverPolicy, type PolicyObservation } from "../../src/fixes/policy";
import { NGINX_CONTENT_MARKER } from "../../src/fixes/stacks/nginx";
import type { Fix } from "../../src/fixes/types";
import { launchChromium, type LaunchedBrowser } from "../helpers/chromium";
import { startPageOrigins, waitFor, type CorsErrorStatus, type PageOrigins } from "./pages";
import { requires } from "../helpers/requirements";
import { NGINX, nginxConfig } from "./parsers";
import { existingNextConfig, ITEM_ROUTE, ITEMS_ROUTE, nextApp } from "./next-apps";
import { existingConfig, JS_STACKS, jsApp, type JsStack, type ModuleStyle } from "./policy-apps";
import { freePort, startServer, stopAllServers, TOKEN, type ServerSpec } from "./real-servers";

interface PageRequest {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Non-safelisted request headers: what the preflight asks for. */
  readonly preflightHeaders: readonly string[];
}

interface Outcome {
  readonly ok: boolean;
  readonly status?: number;
  readonly requestId?: string | null;
  readonly corsErrors: CorsErrorStatus[];
}

const REQUEST_ID = "req-42";
const REQUESTS: readonly PageRequest[] = [
  { name: "GET", method: "GET", path: "/api/items", headers: {}, preflightHeaders: [] },
  {
    name: "JSON POST",
    method: "POST",
    path: "/api/items",
    headers: { "content-type": "application/json", authorization: TOKEN },
    body: '{"name":"x"}',
    preflightHeaders: ["authorization", "content-type"],
  },
  { name: "PUT", method: "PUT", path: "/api/items/7", headers: { authorization: TOKEN, "x-request-id": REQUEST_ID }, preflightHeaders: ["authorization", "x-request-id"] },
];
const results: string[] = [];
const counts = { passed: 0, broken: 0, refused: 0, esm: 0, cjs: 0 };

const toList = (headers: Headers): { name: string; value: string }[] => [...headers].map(([name, value]) => ({ name, value }));

/** The server's own answers to one request from `pageOrigin`, as the extension would record them. */
async function observe(serverOrigin: string, pageOrigin: string, request: PageRequest, outcome: Outcome, id: string): Promise<PolicyObservation> {
  const url = `${serverOrigin}${request.path}`;
  let preflightResponseHeaders: { name: string; value: string }[] = [];
  if (request.preflightHeaders.length > 0) {
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin: pageOrigin, "access-control-request-method": request.method, "access-control-request-headers": request.preflightHeaders.join(",") },
    });
    preflightResponseHeaders = toList(preflight.headers);
  }
  const failedAtPreflight = outcome.corsErrors.some((error) => error.corsError.startsWith("Preflight") || error.corsError.endsWith("DisallowedByPreflightResponse"));
  let responseHeaders: { name: string; value: string }[] = [];
  if (!failedAtPreflight) {
    const response = await fetch(url, { method: request.method, headers: { origin: pageOrigin, ...request.headers }, ...(request.body ? { body: request.body } : {}) });
    responseHeaders = toList(response.headers);
  }
  return {
    id,
    method: request.method,
    path: request.path,
    blocked: !outcome.ok,
    origin: pageOrigin,
    // content-type: application/json is not safelisted; the engine lists it like the others.
    requestHeaders: request.preflightHeaders,
    // credentials: 'include' without a cookie: webRequest cannot tell (the server's ACAC decides).
    credentials: false,
    exposeHeaders: [],
    preflightResponseHeaders,
    responseHeaders,
  };
}

describe("one paste fixes the server: real servers with a CORS config, real Chromium", () => {
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
    console.log(
      `Server-policy proof (requests checked after each fix): ${counts.passed} passed, ${counts.broken} broken; unlisted origin refused ${counts.refused} times; ESM fixes ${counts.esm}, CommonJS fixes ${counts.cjs}\n${results.join("\n")}`,
    );
  });

  async function send(pageOrigin: string, serverOrigin: string, request: PageRequest): Promise<Outcome> {
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
        async ({ url, method, headers, body }) => {
          try {
            const response = await fetch(url, { method, credentials: "include", headers, ...(body ? { body } : {}) });
            return { ok: true, status: response.status, requestId: response.headers.get("x-request-id") };
          } catch {
            return { ok: false };
          }
        },
        { url: `${serverOrigin}${request.path}`, method: request.method, headers: request.headers, body: request.body },
      );
      if (!outcome.ok) await waitFor(() => corsErrors.length > 0, "Network.loadingFailed with corsErrorStatus");
      return { ...outcome, corsErrors };
    } finally {
      await cdp?.detach().catch(() => undefined);
      await page.close();
    }
  }

  const describeOutcome = (outcome: Outcome): string => (outcome.ok ? `ok ${outcome.status}` : outcome.corsErrors.map((error) => error.corsError).join(","));

  /** Runs every request from the listed origin; returns the outcomes in REQUESTS order. */
  async function sendAll(serverOrigin: string): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    for (const request of REQUESTS) outcomes.push(await send(listedOrigin, serverOrigin, request));
    return outcomes;
  }

  async function fixFor(serverOrigin: string, before: readonly Outcome[]): Promise<{ fixes: Fix[]; observations: PolicyObservation[] }> {
    const observations: PolicyObservation[] = [];
    for (const [index, request] of REQUESTS.entries()) observations.push(await observe(serverOrigin, listedOrigin, request, before[index]!, `r${index}`));
    const policy = serverPolicy(serverOrigin, observations);
    expect(policy.uncovered).toEqual([]);
    // Stacks and layers from each answer the server gave, as src/fixes/servers.ts does.
    const detected: string[] = [];
    let layers: LayerDetection | undefined;
    for (const headers of observations.flatMap((observation) => [observation.preflightResponseHeaders, observation.responseHeaders])) {
      if (headers.length === 0) continue;
      const found = detectStacks(headers).map((detection) => detection.stack);
      for (const stack of found) if (!detected.includes(stack)) detected.push(stack);
      layers ??= detectLayers(headers, found);
    }
    const blockedIndex = before.findIndex((outcome) => !outcome.ok);
    const blocked = REQUESTS[blockedIndex]!;
    const fixes = buildFixesForPolicy(policy, {
      detected,
      ...(layers ? { layers } : {}),
      requirements: {
        origin: listedOrigin,
        methods: [blocked.method],
        requestHeaders: blocked.preflightHeaders,
        credentials: false,
        exposeHeaders: [],
        preflight: blocked.preflightHeaders.length > 0,
        path: blocked.path,
        serverOrigin,
      },
    });
    return { fixes, observations };
  }

  const cases = JS_STACKS.flatMap((stack) => (["esm", "cjs"] as const).map((style) => [stack, style] as [JsStack, ModuleStyle]));

  /**
   * Before: the existing configuration allows GET and POST, and blocks the PUT. After: the stack's
   * fix (the snippet `pick` chooses, unchanged) in its place: all three pass, an unlisted origin is refused.
   */
  async function provePaste(label: string, stack: string, spec: ServerSpec, oldConfig: string, pick: (fix: Fix) => string): Promise<void> {
    const port = await freePort();
    const serverOrigin = `http://localhost:${port}`;
    const old = await startServer(`${label}-old`, oldConfig, port, spec);
    let before: Outcome[];
    let fix: Fix | undefined;
    try {
      before = await sendAll(serverOrigin);
      expect(before.map((outcome) => outcome.ok), `${old.output()}\n${before.map(describeOutcome).join(" | ")}`).toEqual([true, true, false]);
      const { fixes } = await fixFor(serverOrigin, before);
      fix = fixes.find((candidate) => candidate.stack === stack);
    } finally {
      await old.stop();
    }
    if (!fix) throw new Error(`no fix for ${stack}`);
    const snippet = pick(fix);

    // After: the same app with the generated snippet, unchanged, in place of the old configuration.
    const fixedPort = await freePort();
    const fixedOrigin = `http://localhost:${fixedPort}`;
    // Another port, so that no preflight Chromium cached for the old server is reused.
    const fixed = await startServer(`${label}-fixed`, snippet, fixedPort, spec);
    try {
      const after = await sendAll(fixedOrigin);
      for (const outcome of after) counts[outcome.ok ? "passed" : "broken"] += 1;
      expect(after.map((outcome) => outcome.ok), `${snippet}\n${fixed.output()}\n${after.map(describeOutcome).join(" | ")}`).toEqual([true, true, true]);
      expect(after[2]).toMatchObject({ status: 200 });
      // An unlisted origin is still refused, for a simple GET and for the preflighted PUT.
      for (const request of [REQUESTS[0]!, REQUESTS[2]!]) {
        const refused = await send(unlistedOrigin, fixedOrigin, request);
        expect(refused.ok, `${request.name} from ${unlistedOrigin}`).toBe(false);
        expect(refused.corsErrors.length).toBeGreaterThan(0);
        counts.refused += 1;
      }
      results.push(`  ${label.padEnd(14)} before: ${before.map(describeOutcome).join(" | ")}  after: ${after.map(describeOutcome).join(" | ")}; unlisted origin refused`);
    } finally {
      await fixed.stop();
    }
  }

  it.for(cases)("%s (%s): the fix pasted in place of the old config passes the blocked PUT and keeps the GET and POST", async ([stack, style]) => {
    await provePaste(`${stack} ${style}`, stack, jsApp(stack, style), existingConfig(stack, style, listedOrigin), (fix) => {
      const snippet = fix.variants?.find((variant) => variant.id === style)?.snippet ?? fix.snippet;
      if (stack !== "nestjs") expect(fix.variants?.map((variant) => variant.id)).toEqual(["esm", "cjs"]);
      if (style === "cjs") expect(snippet).not.toMatch(/^\s*(import |await )/m);
      counts[style] += 1;
      return snippet;
    });
  });

  // Next.js 16 (TypeScript, one module style): CORS in proxy.ts, routes that authenticate
  // themselves; each of the two apps is built with next build, then served with next start.
  it("nextjs: the proxy.ts fix in place of the old proxy.ts passes the blocked PUT and keeps the GET and POST", async () => {
    const spec = nextApp({ "api/items/route.ts": ITEMS_ROUTE, "api/items/7/route.ts": ITEM_ROUTE });
    await provePaste("nextjs", "nextjs", spec, existingNextConfig(listedOrigin), (fix) => {
      expect(fix.variants).toBeUndefined();
      return fix.snippet;
    });
  });

  // nginx in front of Express. Before: both layers add CORS headers, so every response carries two
  // Access-Control-Allow-Origin values and the browser refuses all of them.
  it("nginx in front of Express: CORS in one layer (the detected proxy), every request passes", async (testContext) => {
    requires(testContext, "nginx");
    const appPort = await freePort();
    const proxyPort = await freePort();
    const proxyOrigin = `http://localhost:${proxyPort}`;
    const nginxSpec = (body: string): ServerSpec => ({
      files: (_snippet, port, dir) => ({ "nginx.conf": nginxConfig(dir, port, body) }),
      command: (_port, dir) => [NGINX, "-p", dir, "-c", join(dir, "nginx.conf")],
      needs: ["nginx"],
    });
    const proxyPass = `    proxy_pass http://127.0.0.1:${appPort};`;
    const oldNginx = [
      '    location /api/ {',
      `        add_header Access-Control-Allow-Origin "${listedOrigin}" always;`,
      '        add_header Access-Control-Allow-Credentials "true" always;',
      `    ${proxyPass}`,
      "    }",
    ].join("\n");
    const app = await startServer("express-behind-nginx-old", existingConfig("express", "esm", listedOrigin), appPort, jsApp("express", "esm"));
    const proxy = await startServer("nginx-old", "", proxyPort, nginxSpec(oldNginx));
    let fixes: Fix[];
    let before: Outcome[];
    try {
      before = await sendAll(proxyOrigin);
      expect(before.map((outcome) => outcome.ok), before.map(describeOutcome).join(" | ")).toEqual([false, false, false]);
      expect(before.flatMap((outcome) => outcome.corsErrors.map((error) => error.corsError)).join(" ")).toMatch(/MultipleAllowOriginValues/);
      ({ fixes } = await fixFor(proxyOrigin, before));
    } finally {
      await proxy.stop();
      await app.stop();
    }
    // The proxy's fix comes first, and it says how to take CORS out of the app.
    expect(fixes[0]?.stack).toBe("nginx");
    expect(fixes[0]?.warnings.join(" ")).toMatch(/exactly one.*remove app\.use\(cors/);
    const nginxFix = fixes[0]!;
    // Applied as the fix says: the nginx snippet in nginx (the app's proxy_pass kept below its
    // marker), and the app without its CORS middleware.
    const fixedApp = await startServer("express-behind-nginx-fixed", "", appPort, jsApp("express", "esm"));
    const fixedProxy = await startServer("nginx-fixed", "", proxyPort, nginxSpec(nginxFix.snippet.replace(NGINX_CONTENT_MARKER, `${NGINX_CONTENT_MARKER}\n${proxyPass}`)));
    try {
      const after = await sendAll(proxyOrigin);
      for (const outcome of after) counts[outcome.ok ? "passed" : "broken"] += 1;
      expect(after.map((outcome) => outcome.ok), `${nginxFix.snippet}\n${fixedProxy.output()}\n${after.map(describeOutcome).join(" | ")}`).toEqual([true, true, true]);
      for (const request of [REQUESTS[0]!, REQUESTS[2]!]) {
        const refused = await send(unlistedOrigin, proxyOrigin, request);
        expect(refused.ok).toBe(false);
        counts.refused += 1;
      }
      results.push(`  nginx→express  before: ${before.map(describeOutcome).join(" | ")}  after: ${after.map(describeOutcome).join(" | ")}; unlisted origin refused`);
    } finally {
      await fixedProxy.stop();
      await fixedApp.stop();
    }
  });
});
