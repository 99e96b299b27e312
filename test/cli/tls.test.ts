// probe over HTTPS against a self-signed development certificate: refused as Chromium refuses it
// (net::ERR_CERT_AUTHORITY_INVALID, failed, not CORS), accepted with --insecure.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { memoryIo } from "../helpers/cli-io";

const PAGE = "https://localhost:5173";
const TLS = join("test", "fixtures", "tls");

describe("probe over HTTPS with a self-signed certificate", () => {
  let server: Server;
  let origin = "";

  beforeAll(async () => {
    server = createServer({ key: readFileSync(join(TLS, "localhost-key.pem")), cert: readFileSync(join(TLS, "localhost-cert.pem")) }, (request, response) => {
      response.writeHead(200, { "Access-Control-Allow-Origin": PAGE });
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("is failed, not CORS, without --insecure, and judged with it", async () => {
    const refused = memoryIo();
    expect(await main(["probe", `${origin}/x`, "--origin", PAGE], refused)).toBe(2);
    expect(refused.output()).toMatch(/FAILED, NOT CORS {2}net::ERR_CERT_AUTHORITY_INVALID/);
    const accepted = memoryIo();
    expect(await main(["probe", `${origin}/x`, "--origin", PAGE, "--insecure"], accepted)).toBe(0);
    expect(accepted.output()).toMatch(/^ALLOWED/m);
  });
});
