// cors-doctor probe in-process, against loopback servers: argument parsing and exit codes, the
// rule that a non-idempotent request is never sent without --send-actual (the server counts what
// it receives), redirects followed by hand, secrets sent but never printed, network failures as
// "failed, not CORS", and the proxy variables.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { netErrorOf } from "../../src/cli/http";
import { main } from "../../src/cli/main";
import { runProbe } from "../../src/cli/probe";
import { memoryIo } from "../helpers/cli-io";
import { corsAnswer, startLoopback, type Loopback } from "./loopback";

const PAGE = "http://localhost:5173";
const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function server(...args: Parameters<typeof startLoopback>): Promise<Loopback> {
  const started = await startLoopback(...args);
  servers.push(started);
  return started;
}

async function run(args: string[], env: Record<string, string> = {}) {
  const io = memoryIo({ env });
  const code = await main(["probe", ...args], io);
  return { code, out: io.output(), err: io.errors() };
}

describe("probe: arguments and exit codes", () => {
  it("refuses usage errors with exit 2 and a pointer to --help", async () => {
    for (const args of [[], ["http://a.test/x"], ["not a url", "--origin", PAGE], ["ftp://a.test/x", "--origin", PAGE], ["http://a.test/x", "--origin", "localhost:5173"], ["http://a.test/x", "--origin", PAGE, "--credentials", "yes"], ["http://a.test/x", "--origin", PAGE, "--bogus"], ["http://a.test/x", "--origin", PAGE, "-H", "no colon"], ["http://a.test/x", "--origin", PAGE, "--rate", "0"], ["http://a.test/x", "--origin", PAGE, "--stack", "cobol"]]) {
      const result = await run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err).toMatch(/See cors-doctor probe --help/);
      expect(result.out).toBe("");
    }
  });

  it("has a help text with examples", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Usage: cors-doctor probe <url> --origin <page origin>/);
    expect(result.out).toMatch(/Examples:\n {2}cors-doctor probe https:/);
    expect(result.out).toMatch(/--send-actual/);
  });

  it("exits 0 when Chromium would allow it, 1 when it would block it (with the code and the fix)", async () => {
    const api = await server(corsAnswer([PAGE]));
    const allowed = await run([`${api.origin}/items`, "--origin", PAGE]);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/^ALLOWED/m);
    const blocked = await run([`${api.origin}/items`, "--origin", "http://localhost:9999"]);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(/^BLOCKED {2}MissingAllowOriginHeader/m);
    expect(blocked.out).toMatch(/Chromium's console:\nAccess to fetch at/);
    expect(blocked.out).toMatch(/Fix \(Express \(cors\)\)/);
    const json = JSON.parse((await run([`${api.origin}/items`, "--origin", "http://localhost:9999", "--json", "--stack", "nginx"])).out) as { diagnosis: { code: string; failedParameter: string }; fixes: { stack: string }[] };
    expect(json.diagnosis).toMatchObject({ code: "MissingAllowOriginHeader", failedParameter: "" });
    expect(json.fixes.map((fix) => fix.stack)).toContain("nginx");
  });

  it("names a network failure as failed, not CORS, with exit 2: refused connection and timeout", async () => {
    const closed = await server(() => ({}));
    const origin = closed.origin;
    await closed.close();
    servers.pop();
    const refused = await run([`${origin}/x`, "--origin", PAGE]);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/FAILED, NOT CORS {2}net::ERR_CONNECTION_REFUSED/);
    expect(refused.out).not.toMatch(/BLOCKED/);
    const hung = await server(() => null);
    const timedOut = await run([`${hung.origin}/x`, "--origin", PAGE, "--timeout", "200"]);
    expect(timedOut.code).toBe(2);
    expect(timedOut.out).toMatch(/net::ERR_TIMED_OUT/);
  });

  it("names a reset connection, and maps DNS and TLS errors to Chromium's net errors", async () => {
    const reset = createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => reset.listen(0, "127.0.0.1", resolve));
    try {
      const result = await run([`http://127.0.0.1:${(reset.address() as AddressInfo).port}/x`, "--origin", PAGE]);
      expect(result.code).toBe(2);
      expect(result.out).toMatch(/FAILED, NOT CORS {2}net::ERR_CONNECTION_RESET/);
    } finally {
      await new Promise((resolve) => reset.close(resolve));
    }
    const code = (value: string) => netErrorOf(Object.assign(new Error(value), { code: value }));
    expect(code("ENOTFOUND")).toBe("net::ERR_NAME_NOT_RESOLVED");
    expect(code("DEPTH_ZERO_SELF_SIGNED_CERT")).toBe("net::ERR_CERT_AUTHORITY_INVALID");
    expect(code("ERR_TLS_CERT_ALTNAME_INVALID")).toBe("net::ERR_CERT_COMMON_NAME_INVALID");
    expect(code("ERR_SSL_WRONG_VERSION_NUMBER")).toBe("net::ERR_SSL_PROTOCOL_ERROR");
    expect(code("EWHATEVER")).toBe("net::ERR_FAILED");
  });

  it("refuses to go through a proxy the environment names, and says how to reach the server directly", async () => {
    const result = await run(["https://api.example.com/x", "--origin", PAGE], { HTTPS_PROXY: "http://proxy.internal:3128" });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/HTTPS_PROXY is set, and cors-doctor does not send requests through a proxy.*NO_PROXY=api\.example\.com/);
    // Loopback and NO_PROXY go direct.
    const api = await server(corsAnswer([PAGE]));
    expect((await run([`${api.origin}/x`, "--origin", PAGE], { HTTP_PROXY: "http://proxy.internal:3128" })).code).toBe(0);
    // A redirect to a host the proxy would carry is refused too, before anything is sent there.
    const redirecting = await server(() => ({ status: 302, headers: { Location: "https://api.example.com/next", "Access-Control-Allow-Origin": PAGE } }));
    const redirected = await run([`${redirecting.origin}/x`, "--origin", PAGE], { HTTPS_PROXY: "http://proxy.internal:3128" });
    expect(redirected.code).toBe(2);
    expect(redirected.err).toMatch(/HTTPS_PROXY is set/);
  });
});

describe("probe never sends a non-idempotent request without --send-actual", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE", "patch"])("%s: the preflight only, then the request with --send-actual", async (method) => {
    const api = await server(corsAnswer([PAGE]));
    const args = [`${api.origin}/items/7`, "--origin", PAGE, "-X", method, "-H", "Content-Type: application/json", "-d", "{}"];
    const withheld = await run(args);
    expect(withheld.code).toBe(0);
    expect(withheld.out).toMatch(/^PREFLIGHT ALLOWED/m);
    expect(withheld.out).toMatch(/was not sent .*its response was not checked\. Add --send-actual/);
    expect(api.received.map((request) => request.method)).toEqual(["OPTIONS"]);
    const sent = await run([...args, "--send-actual"]);
    expect(sent.code).toBe(0);
    // The preflight asks for the method as written ("patch"); Node's HTTP client upper-cases the
    // request line of the request itself (docs/cli.md, "Limits").
    expect(api.received.map((request) => request.method)).toEqual(["OPTIONS", "OPTIONS", method.toUpperCase()]);
    expect(api.received[0]?.headers["access-control-request-method"]).toBe(method);
  });

  it("a simple POST (no preflight) sends nothing at all without --send-actual", async () => {
    const api = await server(corsAnswer([PAGE]));
    const result = await run([`${api.origin}/form`, "--origin", PAGE, "-X", "POST", "-H", "Content-Type: text/plain", "-d", "a=1"]);
    expect(api.received).toEqual([]);
    expect(result.out).toMatch(/^NOT SENT {2}Not sent/m);
    expect(result.out).toMatch(/needs no preflight: the request itself is what the server answers, and it was not sent/);
    expect(result.code).toBe(0);
  });

  it("GET and HEAD are sent without it", async () => {
    const api = await server(corsAnswer([PAGE]));
    await run([`${api.origin}/x`, "--origin", PAGE, "-X", "HEAD"]);
    await run([`${api.origin}/x`, "--origin", PAGE, "-H", "X-Api-Key: k"]);
    expect(api.received.map((request) => request.method)).toEqual(["HEAD", "OPTIONS", "GET"]);
  });
});

describe("probe follows redirects by hand, as Chromium does", () => {
  it("after a redirect from another origin to a third: Origin null, and a new preflight", async () => {
    const target = await server(corsAnswer(["null"]));
    const first = await server((request) => {
      if (request.method === "OPTIONS") return corsAnswer([PAGE])(request);
      return { status: 307, headers: { Location: `${target.origin.replace("127.0.0.1", "localhost")}/hop2`, "Access-Control-Allow-Origin": PAGE } };
    });
    const result = await run([`${first.origin}/x`, "--origin", PAGE, "-H", "X-Lab: 1"]);
    expect(target.received.map((request) => [request.method, request.headers.origin])).toEqual([
      ["OPTIONS", "null"],
      ["GET", "null"],
    ]);
    expect(target.received[0]?.headers["access-control-request-headers"]).toBe("x-lab");
    // A server that allows null lets it through: probe says so, as Chromium would allow it.
    expect(result.code).toBe(0);
  });
});

describe("probe sends secrets but never prints them", () => {
  it("Authorization, Cookie, API keys and token query parameters: on the wire, never in text or --json", async () => {
    const api = await server(corsAnswer([PAGE]));
    const secret = "S3CR3T-value-42";
    const args = [`${api.origin}/me?token=${secret}`, "--origin", PAGE, "--credentials", "include", "-H", `Authorization: Bearer ${secret}`, "-H", `X-Api-Key: ${secret}`, "-H", `Cookie: sid=${secret}`];
    for (const extra of [[], ["--json"]]) {
      const io = memoryIo();
      const code = await runProbe([...args, ...extra], io);
      expect(code).toBe(0);
      expect(io.output() + io.errors()).not.toContain(secret);
      expect(io.output()).toMatch(/\[redacted\]|REDACTED/);
    }
    const get = api.received.find((request) => request.method === "GET")!;
    expect(get.headers.authorization).toBe(`Bearer ${secret}`);
    expect(get.headers.cookie).toBe(`sid=${secret}`);
    expect(get.url).toContain(secret);
  });

  it("sends the Cookie only with credentials include, as Chromium does", async () => {
    const api = await server(corsAnswer([PAGE]));
    const result = await run([`${api.origin}/me`, "--origin", PAGE, "-H", "Cookie: sid=1"]);
    expect(result.err).toMatch(/sent only with --credentials include/);
    expect(api.received[0]?.headers.cookie).toBeUndefined();
  });
});
