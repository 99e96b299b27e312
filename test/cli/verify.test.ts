// cors-doctor verify in-process against servers simulated in a transport (no network): exit codes,
// the needed and not-more checks with their findings, public servers, --server, the three inputs,
// the outputs (table, --json, --junit) with secrets never printed, and bad policy files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NetworkFailure, type Answer, type Outgoing, type Transport } from "../../src/cli/http";
import { main } from "../../src/cli/main";
import { probeEntry } from "../../src/cli/probe";
import { probe } from "../../src/cli/probe-run";
import { runVerify, verifyCommand } from "../../src/cli/verify";
import { MAX_NEEDED_PER_SERVER, neededRequests } from "../../src/cli/verify-checks";
import { readVerifyInput } from "../../src/cli/verify-input";
import { xmlText } from "../../src/cli/verify-output";
import type { PolicyFile, PolicyServer } from "../../src/fixes/policy-file";
import { REPORT_FORMAT, REPORT_VERSION } from "../../src/report/types";
import { memoryIo } from "../helpers/cli-io";

const PAGE = "https://app.example.com";
const API = "https://api.example.com";
const SECRET = "tok-S3CR3T-9";

const server: PolicyServer = {
  origin: API,
  public: false,
  origins: [PAGE],
  methods: ["GET", "PUT"],
  requestHeaders: ["authorization", "x-request-id"],
  exposeHeaders: [],
  credentials: true,
  requests: [
    { method: "GET", path: "/api/items", origin: PAGE, headers: [], credentials: true },
    { method: "PUT", path: "/api/items/7", origin: PAGE, headers: ["authorization", "x-request-id"], credentials: true },
  ],
};
const file = (servers: PolicyServer[] = [server]): PolicyFile => ({ format: "cors-doctor-policy", version: 1, servers });

interface Behaviour {
  /** The Access-Control-Allow-Origin for a request's Origin, or null for none. */
  readonly allowOrigin: (origin: string) => string | null;
  readonly credentials?: boolean;
  readonly methods?: string;
  readonly headers?: string;
}

const header = (headers: Outgoing["headers"], name: string): string | undefined => headers.find((line) => line.name.toLowerCase() === name)?.value;

/** A server simulated in the transport: its CORS answers, and every request it received. */
function simulated(behaviour: Behaviour): { transport: Transport; received: Outgoing[] } {
  const received: Outgoing[] = [];
  const transport: Transport = async (outgoing): Promise<Answer> => {
    received.push(outgoing);
    const origin = header(outgoing.headers, "origin");
    const allow = origin === undefined ? null : behaviour.allowOrigin(origin);
    const lines = [
      ...(allow !== null ? [{ name: "Access-Control-Allow-Origin", value: allow }] : []),
      ...(allow !== null && behaviour.credentials ? [{ name: "Access-Control-Allow-Credentials", value: "true" }] : []),
      ...(outgoing.method === "OPTIONS" && allow !== null
        ? [
            { name: "Access-Control-Allow-Methods", value: behaviour.methods ?? "GET, PUT" },
            { name: "Access-Control-Allow-Headers", value: behaviour.headers ?? "authorization, x-request-id" },
          ]
        : []),
    ];
    return { url: outgoing.url, status: outgoing.method === "OPTIONS" ? 204 : 200, statusText: "", headers: lines };
  };
  return { transport, received };
}

const exact: Behaviour = { allowOrigin: (origin) => (origin === PAGE ? PAGE : null), credentials: true };

async function verify(input: unknown, transport: Transport, extra: string[] = []) {
  const io = memoryIo({ files: { "policy.json": typeof input === "string" ? input : JSON.stringify(input) } });
  // Through main, as the executable runs it: its errors become messages and exit codes.
  const code = await main(["verify", "policy.json", ...extra], io, [{ ...verifyCommand, run: (args, commandIo) => runVerify(args, commandIo, transport) }]);
  return { code, out: io.output(), err: io.errors(), junit: io.written.get("out.xml") };
}

describe("verify: needed and not more", () => {
  it("passes a server that allows exactly its policy (exit 0)", async () => {
    const result = await verify(file(), simulated(exact).transport);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/PASS +needed +GET \/api\/items from https:\/\/app\.example\.com, credentials is allowed/);
    expect(result.out).toMatch(/PASS +not-more +an unlisted origin \(https:\/\/not-listed\.example\) is refused/);
    expect(result.out).toMatch(/PASS +not-more +the origin null is refused/);
    expect(result.out).toMatch(/PASS +not-more +a credentialed request from an unlisted origin is refused/);
    expect(result.out).toMatch(/PASS +not-more +the preflight of PUT \/api\/items\/7 from https:\/\/not-listed\.example/);
    expect(result.out).toMatch(/6 checks on 1 server: 6 passed, 0 failed, 0 skipped, 0 network errors/);
  });

  it("fails a server that refuses a needed request, naming Chromium's code (exit 1)", async () => {
    const result = await verify(file(), simulated({ ...exact, methods: "GET" }).transport);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/FAIL +needed +PUT \/api\/items\/7 .*\n +blocked: MethodDisallowedByPreflightResponse \(PUT\)/);
  });

  it("reports reflecting any origin with credentials, allowing null, and * as the security holes they are", async () => {
    const reflecting = await verify(file(), simulated({ allowOrigin: (origin) => origin, credentials: true }).transport, ["--junit", "out.xml", "--json"]);
    expect(reflecting.code).toBe(1);
    const json = JSON.parse(reflecting.out) as { ok: boolean; servers: { checks: { id: string; status: string; finding: string | null }[] }[] };
    expect(json.ok).toBe(false);
    const byId = new Map(json.servers[0]!.checks.map((check) => [check.id, check]));
    expect(byId.get("unlisted-credentials")?.finding).toMatch(/^reflects any origin with credentials/);
    expect(byId.get("null-origin")?.finding).toMatch(/^allows the origin null/);
    expect(byId.get("needed-1")?.status).toBe("pass");
    expect(reflecting.junit).toMatch(/<failure message="allowed: the server reflects any origin with credentials[^"]*" type="security">/);
    expect(reflecting.junit).toMatch(/<testsuites name="cors-doctor verify" tests="6" failures="4" errors="0" skipped="0">/);

    const star = await verify(file(), simulated({ allowOrigin: () => "*" }).transport);
    expect(star.code).toBe(1);
    expect(star.out).toMatch(/answers Access-Control-Allow-Origin: \* to every origin.*"public": true/);
    const starWithCredentials = await verify(file(), simulated({ allowOrigin: () => "*", credentials: true }).transport);
    expect(starWithCredentials.code).toBe(1);
    expect(starWithCredentials.out).toMatch(/answers Access-Control-Allow-Origin: \* with Access-Control-Allow-Credentials: true: browsers refuse/);
  });

  it("expects * without credentials from a server marked public", async () => {
    const open = { ...server, public: true, credentials: false, requests: [{ method: "GET", path: "/feed", origin: PAGE, headers: [], credentials: false }] };
    const ok = await verify(file([open]), simulated({ allowOrigin: () => "*" }).transport);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/PASS +public +a public server answers \* to any origin/);
    const reflecting = await verify(file([open]), simulated({ allowOrigin: (origin) => origin }).transport);
    expect(reflecting.code).toBe(1);
    expect(reflecting.out).toMatch(/a public server must answer \*; it answered Access-Control-Allow-Origin: https:\/\/not-listed\.example/);
    const withCredentials = await verify(file([open]), simulated({ allowOrigin: () => "*", credentials: true }).transport);
    expect(withCredentials.code).toBe(1);
    expect(withCredentials.out).toMatch(/FAIL +public +a public server answers \*.*\n +answers \* with Access-Control-Allow-Credentials/);
  });

  it("exits 2 on a network error: failed, not CORS", async () => {
    const result = await verify(file(), async (outgoing) => {
      throw new NetworkFailure("net::ERR_NAME_NOT_RESOLVED", outgoing.url, "getaddrinfo ENOTFOUND");
    });
    expect(result.code).toBe(2);
    expect(result.out).toMatch(/ERROR +needed .*\n +failed, not CORS: net::ERR_NAME_NOT_RESOLVED/);
  });

  it("checks a recorded server at another origin with --server, and sends no unsafe request without --send-actual", async () => {
    const { transport, received } = simulated(exact);
    const result = await verify(file(), transport, ["--server", `${API}=https://staging.example.com`]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Server https:\/\/api\.example\.com \(checked at https:\/\/staging\.example\.com\)/);
    expect(received.every((request) => request.url.startsWith("https://staging.example.com/"))).toBe(true);
    expect(received.map((request) => request.method).filter((method) => method !== "GET" && method !== "OPTIONS")).toEqual([]);
    const sent = simulated(exact);
    await verify(file(), sent.transport, ["--send-actual"]);
    expect(sent.received.filter((request) => request.method === "PUT")).toHaveLength(1);
  });

  it("checks only the servers named with --only", async () => {
    const other: PolicyServer = { ...server, origin: "https://cdn.example.net" };
    const { transport, received } = simulated(exact);
    const result = await verify(file([server, other]), transport, ["--only", API]);
    expect(result.code).toBe(0);
    expect(received.every((request) => request.url.startsWith(`${API}/`))).toBe(true);
    expect((await verify(file([server]), transport, ["--only", "https://nowhere.example"])).err).toMatch(/has no server https:\/\/nowhere\.example \(it has https:\/\/api\.example\.com\)/);
  });

  it("never prints the values given with -H, in the table, --json or --junit", async () => {
    const { transport, received } = simulated(exact);
    for (const output of [[], ["--json"]]) {
      const result = await verify(file(), transport, ["-H", `Authorization: Bearer ${SECRET}`, "-H", `Cookie: sid=${SECRET}`, "--junit", "out.xml", "--send-actual", ...output]);
      expect(result.code).toBe(0);
      expect(`${result.out}${result.err}${result.junit}`).not.toContain(SECRET);
    }
    expect(received.some((request) => header(request.headers, "authorization") === `Bearer ${SECRET}`)).toBe(true);
    expect(received.some((request) => header(request.headers, "cookie") === `sid=${SECRET}`)).toBe(true);
  });
});

describe("verify: inputs", () => {
  it("reads the panel's JSON report: its servers' policies become the checks", async () => {
    const { transport } = simulated(exact);
    const outcome = await probe({ url: `${API}/api/items/7`, pageOrigin: PAGE, method: "PUT", headers: [{ name: "X-Request-Id", value: "1" }], credentials: "include" }, transport, { sendActual: true });
    const report = { format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: new Date().toISOString(), entries: [probeEntry(outcome, 0)] };
    const result = await verify(report, transport);
    expect(result.err).toMatch(/from policy\.json \(report\)/);
    expect(result.out).toMatch(/PASS +needed +PUT \/api\/items\/7 from https:\/\/app\.example\.com with x-request-id, credentials is allowed/);
    expect(result.code).toBe(0);
  });

  it("reads a HAR (Chromium's Export HAR of the lab): each server it called, with the page's origin and requests", () => {
    const text = readFileSync(join("test", "fixtures", "har", "chromium-full.har"), "utf8");
    const input = readVerifyInput(text, "lab.har", new Date(0));
    expect(input.kind).toBe("har");
    expect(input.policy.servers.length).toBeGreaterThanOrEqual(2);
    for (const each of input.policy.servers) {
      expect(each.origins.length, each.origin).toBeGreaterThan(0);
      expect(each.requests.length, each.origin).toBeGreaterThan(0);
    }
    expect(() => readVerifyInput('{"log": {}}', "empty.har", new Date(0))).toThrow(/empty\.har: /);
  });

  it("refuses what it cannot read with exit 2, naming the field", async () => {
    const bad = async (input: unknown, pattern: RegExp, extra: string[] = []) => {
      const result = await verify(input, simulated(exact).transport, extra);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(pattern);
    };
    await bad("{not json", /is not JSON/);
    await bad({ format: "something-else" }, /neither a policy file/);
    await bad({ format: "cors-doctor-report", entries: [{ id: 1 }] }, /its entries are not in the report format/);
    await bad({ format: "cors-doctor-policy", version: 2, servers: [] }, /version 2 is not one this cors-doctor reads/);
    await bad(file([{ ...server, origins: ["*"] }]), /servers\[0\]\.origins\[0\] must be an exact origin \(never \* or null\)/);
    await bad(file([{ ...server, requests: [{ ...server.requests[0]!, path: "api" }] }]), /servers\[0\]\.requests\[0\]\.path must be a path starting with \//);
    await bad(file(), /--server takes <recorded origin>=<target origin>/, ["--server", "staging"]);
    const io = memoryIo();
    expect(await main(["verify"], io)).toBe(2);
    expect(io.errors()).toMatch(/verify needs the policy file/);
  });
});

describe("verify: bounds and output", () => {
  it("de-duplicates the needed combinations and keeps at most 50 per server", () => {
    const many = Array.from({ length: 80 }, (_, index) => ({ method: "GET", path: `/p${index}`, origin: `https://o${index % 60}.example`, headers: [], credentials: false }));
    expect(neededRequests({ ...server, requests: many })).toHaveLength(MAX_NEEDED_PER_SERVER);
    const same = Array.from({ length: 10 }, (_, index) => ({ method: "PUT", path: `/p${index}`, origin: PAGE, headers: ["b", "a"], credentials: true }));
    expect(neededRequests({ ...server, requests: same })).toHaveLength(1);
    // Without recorded requests: every origin × method with the listed headers.
    expect(neededRequests({ ...server, requests: [] }).map((request) => request.method)).toEqual(["GET", "PUT"]);
  });

  it("writes JUnit XML that holds any text", () => {
    expect(xmlText(`<a href="x">&'\u0007`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
  });
});
