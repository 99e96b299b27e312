// The limits that keep cors-doctor from looking like a scan: the rate (starts spaced by 1/rate s)
// and the concurrency (never more in flight), on a fake clock; and the proxy variables.
import { describe, expect, it } from "vitest";
import type { Answer, Outgoing, Transport } from "../../src/cli/http";
import { limitedTransport, type Clock } from "../../src/cli/limits";
import { networkSettings } from "../../src/cli/options";
import { bypassesProxy, proxyFor } from "../../src/cli/proxy";

/** A clock whose sleeps resolve when the test advances time past them. */
function fakeClock() {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise((wake) => sleepers.push({ until: now + ms, wake })),
  };
  const advance = async (ms: number): Promise<void> => {
    now += ms;
    for (const sleeper of sleepers.filter((each) => each.until <= now)) {
      sleepers.splice(sleepers.indexOf(sleeper), 1);
      sleeper.wake();
    }
    // Let the woken requests run until they wait again.
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  };
  return { clock, advance };
}

describe("rate and concurrency limits", () => {
  it("spaces request starts by 1/rate seconds", async () => {
    const { clock, advance } = fakeClock();
    const starts: number[] = [];
    const transport: Transport = async (outgoing) => {
      starts.push(clock.now());
      return { url: outgoing.url, status: 200, statusText: "OK", headers: [] };
    };
    const limited = limitedTransport(transport, { rate: 4, concurrency: 8 }, clock);
    const all = Promise.all(Array.from({ length: 6 }, (_, index) => limited({ url: `http://a.test/${index}`, method: "GET", headers: [] })));
    await advance(0);
    for (let step = 0; step < 10; step++) await advance(250);
    await all;
    expect(starts).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it("never has more than `concurrency` requests in flight", async () => {
    const { clock, advance } = fakeClock();
    let inFlight = 0;
    let most = 0;
    const pending: (() => void)[] = [];
    const transport: Transport = (outgoing: Outgoing) =>
      new Promise<Answer>((resolve) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        pending.push(() => {
          inFlight -= 1;
          resolve({ url: outgoing.url, status: 200, statusText: "OK", headers: [] });
        });
      });
    const limited = limitedTransport(transport, { rate: 1000, concurrency: 2 }, clock);
    const all = Promise.all(Array.from({ length: 7 }, (_, index) => limited({ url: `http://a.test/${index}`, method: "GET", headers: [] })));
    for (let round = 0; round < 20; round++) {
      await advance(10);
      pending.shift()?.();
    }
    await all;
    expect(most).toBe(2);
  });

  it("bounds what the options may ask for", () => {
    expect(networkSettings({})).toEqual({ timeoutMs: 10_000, insecure: false, rate: 10, concurrency: 2 });
    expect(() => networkSettings({ rate: "500" })).toThrow(/--rate must be a number above 0 and at most 50/);
    expect(() => networkSettings({ concurrency: "64" })).toThrow(/--concurrency/);
    expect(() => networkSettings({ timeout: "soon" })).toThrow(/--timeout/);
  });
});

describe("proxy variables", () => {
  const url = (text: string) => new URL(text);
  it("names the variable that would carry a URL; loopback and NO_PROXY go direct", () => {
    const env = { HTTPS_PROXY: "http://proxy:3128", http_proxy: "http://proxy:3128", NO_PROXY: ".internal.example,api.test:8443" };
    expect(proxyFor(url("https://api.example.com/x"), env)?.name).toBe("HTTPS_PROXY");
    expect(proxyFor(url("http://api.example.com/x"), env)?.name).toBe("HTTP_PROXY");
    expect(proxyFor(url("https://svc.internal.example/x"), env)).toBeUndefined();
    expect(proxyFor(url("https://api.test:8443/x"), env)).toBeUndefined();
    expect(proxyFor(url("https://api.test:9443/x"), env)?.name).toBe("HTTPS_PROXY");
    expect(proxyFor(url("http://127.0.0.1:3000/x"), env)).toBeUndefined();
    expect(proxyFor(url("http://localhost:3000/x"), env)).toBeUndefined();
    expect(bypassesProxy(url("https://anything.example/"), "*")).toBe(true);
    expect(proxyFor(url("https://api.example.com/x"), {})).toBeUndefined();
  });
});
