// The lab itself: the catalog covers what the tests need, and the server misbehaves exactly as
// each case says (checked over raw HTTP, without a browser).
import { spawn } from "node:child_process";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORS_ERROR_CODES } from "../../src/engine/types";
import { LAB_CASES, SECRET_COOKIE_NAME, SECRET_MARKERS } from "./cases";
import { LNA_CASES } from "./lna";
import { startLab, type Lab } from "./server";

interface RawResponse {
  readonly status: number;
  readonly rawHeaders: readonly string[];
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function send(url: string, method = "GET", headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // The lenient parser accepts the control characters of the hostile cases.
    const outgoing = httpRequest(url, { method, headers, insecureHTTPParser: true, maxHeaderSize: 1024 * 1024 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          rawHeaders: response.rawHeaders,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("latin1"),
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

function headerLines(response: RawResponse, name: string): string[] {
  const lines: string[] = [];
  for (let index = 0; index < response.rawHeaders.length; index += 2) {
    if (response.rawHeaders[index]?.toLowerCase() === name.toLowerCase()) lines.push(response.rawHeaders[index + 1] ?? "");
  }
  return lines;
}

describe("lab catalog", () => {
  const all = [...LAB_CASES, ...LNA_CASES];
  const blockedCodes = new Set(LAB_CASES.flatMap((labCase) => (labCase.expected.blocked ? [labCase.expected.code] : [])));

  it("has unique, URL-safe ids", () => {
    const ids = all.map((labCase) => labCase.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it("has at least 30 broken endpoints and 8 correct controls", () => {
    expect(LAB_CASES.filter((labCase) => labCase.kind === "broken").length).toBeGreaterThanOrEqual(30);
    const controls = LAB_CASES.filter((labCase) => labCase.kind === "control");
    expect(controls.length).toBeGreaterThanOrEqual(8);
    for (const control of controls) expect(control.expected.blocked, control.id).toBe(false);
  });

  it("uses only Chromium's CorsError names", () => {
    for (const labCase of all) {
      if (labCase.expected.blocked) expect(CORS_ERROR_CODES, labCase.id).toContain(labCase.expected.code);
    }
  });

  it.each([
    "MissingAllowOriginHeader",
    "AllowOriginMismatch",
    "WildcardOriginNotAllowed",
    "MultipleAllowOriginValues",
    "InvalidAllowOriginValue",
    "InvalidAllowCredentials",
    "PreflightMissingAllowOriginHeader",
    "PreflightInvalidStatus",
    "PreflightDisallowedRedirect",
    "PreflightAllowOriginMismatch",
    "PreflightWildcardOriginNotAllowed",
    "PreflightMultipleAllowOriginValues",
    "PreflightInvalidAllowOriginValue",
    "PreflightInvalidAllowCredentials",
    "InvalidAllowMethodsPreflightResponse",
    "InvalidAllowHeadersPreflightResponse",
    "MethodDisallowedByPreflightResponse",
    "HeaderDisallowedByPreflightResponse",
    "RedirectContainsCredentials",
  ] as const)("produces %s", (code) => {
    expect(blockedCodes).toContain(code);
  });

  it("produces the Local Network Access codes in its opt-in set", () => {
    const codes = LNA_CASES.flatMap((labCase) => (labCase.expected.blocked ? [labCase.expected.code] : []));
    expect(new Set(codes)).toEqual(new Set(["LocalNetworkAccessPermissionDenied", "InsecureLocalNetwork"]));
  });

  it("starts requests with every initiator", () => {
    const initiators = new Set(LAB_CASES.map((labCase) => labCase.initiator));
    expect(initiators).toEqual(
      new Set(["fetch", "xhr", "font", "script-module", "img-crossorigin", "img-no-cors", "stylesheet-crossorigin"]),
    );
  });

  it("has ten parallel PUTs, each misconfigured its own way", () => {
    const parallel = LAB_CASES.filter((labCase) => labCase.group === "parallel");
    expect(parallel).toHaveLength(10);
    expect(parallel.every((labCase) => labCase.request.method === "PUT")).toBe(true);
    const codes = new Set(parallel.map((labCase) => (labCase.expected.blocked ? labCase.expected.code : "allowed")));
    expect(codes.size).toBeGreaterThanOrEqual(8);
    expect(new Set(parallel.map((labCase) => labCase.server.description)).size).toBe(10);
  });
});

describe("lab server", () => {
  let lab: Lab;
  const caseUrl = (id: string, query = `case=${id}&n=test`): string => {
    const labCase = lab.cases.find((candidate) => candidate.id === id);
    if (!labCase) throw new Error(`no case ${id}`);
    return `${labCase.url}?${query}`;
  };

  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab.close();
  });

  it("serves the page on one origin and the API on two others, all on loopback", () => {
    const origins = [lab.pageOrigin, ...lab.apiOrigins];
    expect(new Set(origins).size).toBe(3);
    for (const origin of origins) expect(origin).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+$/);
    expect(lab.pageUrl).toBe(`${lab.pageOrigin}/`);
  });

  it("serves the page and the resolved catalog", async () => {
    const page = await send(lab.pageUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="module" src="/lab/page-client.js">');
    const client = await send(`${lab.pageOrigin}/lab/page-client.js`);
    expect(client.body).toContain("runCase");
    const catalog = JSON.parse((await send(`${lab.pageOrigin}/lab/cases.json`)).body) as typeof lab.cases;
    expect(catalog.length).toBe(LAB_CASES.length);
    expect(catalog.find((labCase) => labCase.id === "acao-trailing-slash")?.expected).toEqual({
      blocked: true,
      code: "AllowOriginMismatch",
      failedParameter: `${lab.pageOrigin}/`,
    });
  });

  it("keeps duplicated Access-Control-Allow-Origin lines apart", async () => {
    const response = await send(caseUrl("multiple-acao-duplicate-lines"), "GET", { Origin: lab.pageOrigin });
    expect(headerLines(response, "access-control-allow-origin")).toEqual([lab.pageOrigin, "*"]);
  });

  it("answers the auth-middleware preflight with 401 and no CORS headers", async () => {
    const response = await send(caseUrl("preflight-401-auth-middleware"), "OPTIONS", { Origin: lab.pageOrigin });
    expect(response.status).toBe(401);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers OPTIONS with 404 when the case defines no preflight", async () => {
    expect((await send(caseUrl("missing-acao"), "OPTIONS")).status).toBe(404);
  });

  it("redirects across origins keeping the query, with user:pass@ where asked", async () => {
    const response = await send(caseUrl("redirect-contains-credentials", "case=redirect-contains-credentials&n=7"));
    expect(response.status).toBe(302);
    const apiB = new URL(lab.origins.apiB);
    expect(response.headers.location).toBe(
      `http://labuser:labpass@${apiB.host}/case/redirect-contains-credentials/hop2?case=redirect-contains-credentials&n=7`,
    );
    const hop2 = await send(`${lab.origins.apiB}/case/redirect-contains-credentials/hop2?n=7`);
    expect(hop2.headers["access-control-allow-origin"]).toBe("*");
  });

  it("chains two redirects through the page's origin and answers each hop's preflight on its own", async () => {
    const id = "redirect-chain-cross-same-cross";
    const first = await send(caseUrl(id, `case=${id}&n=8`), "GET", { Origin: lab.pageOrigin });
    expect(first.headers.location).toBe(`${lab.pageOrigin}/case/${id}/hop2?case=${id}&n=8`);
    const second = await send(first.headers.location ?? "", "GET", { Origin: "null" });
    expect(second.status).toBe(302);
    expect(second.headers["access-control-allow-origin"]).toBe("null");
    expect(second.headers.location).toBe(`${lab.origins.apiB}/case/${id}/hop3?case=${id}&n=8`);
    expect((await send(second.headers.location ?? "", "GET", { Origin: "null" })).headers["access-control-allow-origin"]).toBe(lab.pageOrigin);

    const refused = `${lab.origins.apiB}/case/redirect-preflight-ok-308-null-refused/hop2`;
    expect((await send(refused, "OPTIONS", { Origin: "null" })).status).toBe(403);
    expect((await send(refused, "OPTIONS", { Origin: lab.pageOrigin })).headers["access-control-allow-origin"]).toBe(lab.pageOrigin);
    expect((await send(`${lab.origins.apiB}/case/redirect-login-302/hop2/login`, "OPTIONS")).status).toBe(404);
  });

  it("writes control characters and latin1 bytes as they are", async () => {
    const control = await send(caseUrl("hostile-control-chars"));
    expect(headerLines(control, "access-control-allow-origin")).toEqual(["\x1b[2J"]);
    expect(headerLines(control, "x-lab-control")[0]).toContain("\x07");
    const latin1 = await send(caseUrl("hostile-non-ascii"));
    expect(Buffer.from(headerLines(latin1, "access-control-allow-origin")[0] ?? "", "latin1")).toEqual(
      Buffer.from("http://caf\xe9.example", "latin1"),
    );
  });

  it("sends a 100 KB header", async () => {
    const response = await send(caseUrl("hostile-huge-header"));
    expect(headerLines(response, "x-lab-big")[0]).toHaveLength(100 * 1024);
  });

  it("sets the secret cookie for the API host with correct credentialed CORS", async () => {
    const response = await send(`${lab.origins.apiA}/lab/set-cookie`, "GET", { Origin: lab.pageOrigin });
    expect(response.headers["set-cookie"]?.[0]).toContain(`${SECRET_COOKIE_NAME}=${SECRET_MARKERS.cookie}`);
    expect(response.headers["access-control-allow-origin"]).toBe(lab.pageOrigin);
    expect(response.headers["access-control-allow-credentials"]).toBe("true");
  });

  it("counts hits per case and method and keeps the last requests", async () => {
    await send(caseUrl("control-preflight-cached"), "OPTIONS", { Origin: lab.pageOrigin });
    await send(caseUrl("control-preflight-cached"), "PUT", { Origin: lab.pageOrigin });
    expect(lab.hits("control-preflight-cached")).toEqual({ OPTIONS: 1, PUT: 1 });
    expect(lab.received("control-preflight-cached").map((request) => request.method)).toEqual(["OPTIONS", "PUT"]);
    expect(lab.received("control-preflight-cached")[0]?.headers.origin).toBe(lab.pageOrigin);
  });

  it("answers unknown routes with 404", async () => {
    expect((await send(`${lab.origins.apiA}/case/no-such-case`)).status).toBe(404);
  });
});

describe("npm run lab", () => {
  it("prints the page URL and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/lab/server.ts"], { stdio: ["ignore", "pipe", "pipe"] });
    const pageUrl = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /CORS lab page: (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`lab exited early with ${code}: ${output}`)));
    });
    expect((await send(pageUrl)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(send(pageUrl)).rejects.toThrow(/ECONNREFUSED/);
  });
});
