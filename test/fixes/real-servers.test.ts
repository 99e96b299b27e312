// A real server that cannot start fails its own test with a clear message: never an uncaught
// exception, never a process left running (its whole process group is stopped).
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePort, portAccepts, type ServerSpec, startServer, stopAllServers } from "./real-servers";

/** A server written in Node for these tests: `script` runs with PORT set. */
function nodeServer(script: string, readyTimeoutMs?: number): ServerSpec {
  return {
    files: () => ({ "server.cjs": script }),
    command: (port, dir) => [process.execPath, `${dir}/server.cjs`, String(port)],
    ...(readyTimeoutMs === undefined ? {} : { readyTimeoutMs }),
  };
}

/** Starts a child that stays (in the server's process group), prints both pids, then runs `then`. */
const WITH_CHILD = (then: string): string => `const { spawn } = require("node:child_process");
const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("pids " + process.pid + " " + child.pid);
${then}`;

function pidsIn(message: string): number[] {
  const match = /pids (\d+) (\d+)/.exec(message);
  if (!match) throw new Error(`no pids in: ${message}`);
  return [Number(match[1]), Number(match[2])];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("resolved, expected a rejection");
}

describe("a server that cannot start", () => {
  it("missing binary: rejects naming the stack and the binary (no uncaught spawn ENOENT)", async () => {
    const spec: ServerSpec = { files: () => ({}), command: () => ["/nonexistent/usr/sbin/apache2", "-DFOREGROUND"] };
    const error = await rejection(startServer("apache", "", await freePort(), spec));
    expect(error.message).toMatch(/^apache: could not start \/nonexistent\/usr\/sbin\/apache2 \(spawn \/nonexistent\/usr\/sbin\/apache2 ENOENT\)/);
  });

  it("port taken: rejects before starting anything", async () => {
    const holder = createServer();
    await new Promise<void>((ready) => holder.listen(0, "127.0.0.1", ready));
    const address = holder.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const error = await rejection(startServer("nginx", "", port, nodeServer("throw new Error('must not run');")));
      expect(error.message).toBe(`nginx: port ${port} is already taken by another process`);
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });

  it("bad config: rejects with the exit code and the server's own output, and stops what it started", async () => {
    const script = WITH_CHILD(`console.error("bad config: unknown directive on line 3"); process.exit(2);`);
    const error = await rejection(startServer("caddy", "", await freePort(), nodeServer(script)));
    expect(error.message).toMatch(/^caddy: server exited with 2:\n/);
    expect(error.message).toContain("bad config: unknown directive on line 3");
    const [leader, child] = pidsIn(error.message);
    expect([leader, child].map((pid) => (pid === undefined ? true : alive(pid)))).toEqual([false, false]);
  });

  it("never listening: rejects at its deadline and stops its whole process group", async () => {
    const error = await rejection(startServer("flask", "", await freePort(), nodeServer(WITH_CHILD("setInterval(() => {}, 1000);"), 5_000)));
    expect(error.message).toMatch(/^flask: server did not listen on \d+ within 5000 ms:\n/);
    const [leader, child] = pidsIn(error.message);
    expect([leader, child].map((pid) => (pid === undefined ? true : alive(pid)))).toEqual([false, false]);
  });
});

describe("stopAllServers", () => {
  it("stops a server a test left running, and what it started", async () => {
    const port = await freePort();
    const script = WITH_CHILD(`require("node:http").createServer((_q, s) => s.end("ok")).listen(Number(process.argv[2]), "127.0.0.1");`);
    const server = await startServer("express", "", port, nodeServer(script));
    expect(await portAccepts(port)).toBe(true);
    await stopAllServers();
    expect(await portAccepts(port)).toBe(false);
    const [leader, child] = pidsIn(server.output());
    expect([leader, child].map((pid) => (pid === undefined ? true : alive(pid)))).toEqual([false, false]);
  });
});
