// @vitest-environment happy-dom
// The credentials witness in the page's world: what it reports for fetch() and XMLHttpRequest, and
// that the page sees exactly what it saw without it (results, exceptions, `this`, arguments).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CredentialsHint } from "../../src/shared/messages";
import { installCredentialsWitness, type WitnessWindow } from "../../src/content/page-witness";

const PAGE = "http://app.test";
const API = "http://api.test:8080";

/** A window whose fetch and XMLHttpRequest are recorders (happy-dom's Request, URL and document). */
function fakeWindow() {
  const fetchCalls: { self: unknown; args: unknown[] }[] = [];
  const nativeFetch = vi.fn(function (this: unknown, ...args: unknown[]) {
    fetchCalls.push({ self: this, args });
    return Promise.resolve("response");
  });
  class FakeXhr {
    private credentials = false;
    opened: unknown[] = [];
    sent: unknown[] = [];
    open(...args: unknown[]): string {
      this.opened = args;
      return "opened";
    }
    send(...args: unknown[]): string {
      this.sent = args;
      return "sent";
    }
    get withCredentials(): boolean {
      return this.credentials;
    }
    set withCredentials(value: boolean) {
      this.credentials = value;
    }
  }
  const win: WitnessWindow & { fetch: unknown; XMLHttpRequest: typeof FakeXhr } = {
    fetch: nativeFetch,
    XMLHttpRequest: FakeXhr,
    Request: window.Request,
    URL: window.URL,
    origin: PAGE,
    location: { href: `${PAGE}/app/page.html` },
    document: { baseURI: `${PAGE}/app/page.html` } as unknown as { baseURI: string },
  };
  // A plain object's own accessor stands in for Node.prototype.baseURI.
  win.document = Object.create({ get baseURI() { return `${PAGE}/app/page.html`; } }) as { baseURI: string };
  return { win, nativeFetch, fetchCalls, FakeXhr };
}

let hints: CredentialsHint[];
const report = (hint: CredentialsHint): void => void hints.push(hint);
beforeEach(() => (hints = []));
afterEach(() => vi.restoreAllMocks());

describe("fetch", () => {
  it("reports a cross-origin call's URL, method and credentials mode (default same-origin)", async () => {
    const { win } = fakeWindow();
    installCredentialsWitness(win, report);
    const fetch = win.fetch as (input: unknown, init?: unknown) => Promise<unknown>;
    await fetch(`${API}/a#frag`);
    await fetch(`${API}/b`, { credentials: "include", method: "put" });
    await fetch("/same", { credentials: "include" });
    await fetch(`${API}/c`, { mode: "no-cors", credentials: "include" });
    await fetch(new URL(`${API}/d`), { credentials: "omit", method: "patch" });
    expect(hints).toEqual([
      { url: `${API}/a`, method: "GET", credentials: "same-origin", via: "fetch" },
      { url: `${API}/b`, method: "PUT", credentials: "include", via: "fetch" },
      { url: `${API}/d`, method: "patch", credentials: "omit", via: "fetch" },
    ]);
  });

  it("reads a Request's own credentials, mode and method, an init overriding them", async () => {
    const { win } = fakeWindow();
    installCredentialsWitness(win, report);
    const fetch = win.fetch as (input: unknown, init?: unknown) => Promise<unknown>;
    await fetch(new Request(`${API}/r`, { credentials: "include", method: "POST" }));
    await fetch(new Request(`${API}/r2`, { credentials: "include" }), { credentials: "omit" });
    expect(hints.map((h) => [h.url, h.method, h.credentials])).toEqual([
      [`${API}/r`, "POST", "include"],
      [`${API}/r2`, "GET", "omit"],
    ]);
  });

  it("passes `this`, every argument and the result through unchanged, and keeps name and length", async () => {
    const { win, fetchCalls } = fakeWindow();
    installCredentialsWitness(win, report);
    const fetch = win.fetch as ((input: unknown, init?: unknown, extra?: unknown) => Promise<unknown>) & { name: string };
    const init = { credentials: "include" };
    const self = {};
    const result = fetch.call(self, `${API}/x`, init, "extra");
    expect(await result).toBe("response");
    expect(fetchCalls[0]).toEqual({ self, args: [`${API}/x`, init, "extra"] });
    expect(fetchCalls[0]!.args[1]).toBe(init);
    expect(fetch.name).toBe("fetch");
    expect(fetch.length).toBe(1);
  });

  it("throws what the native fetch throws, and reports nothing then", () => {
    const { win, nativeFetch } = fakeWindow();
    const error = new TypeError("native");
    nativeFetch.mockImplementation(() => {
      throw error;
    });
    installCredentialsWitness(win, report);
    expect(() => (win.fetch as (input: unknown) => unknown)(`${API}/x`)).toThrow(error);
    expect(hints).toEqual([]);
  });

  it("never runs a page getter or toString twice, and swallows its own failures", async () => {
    const { win, fetchCalls } = fakeWindow();
    installCredentialsWitness(win, () => {
      throw new Error("the relay failed");
    });
    const getter = vi.fn(() => "include");
    const init = Object.defineProperty({}, "credentials", { get: getter, enumerable: true });
    const input = { toString: vi.fn(() => `${API}/obj`) };
    const fetch = win.fetch as (input: unknown, init?: unknown) => Promise<unknown>;
    await expect(fetch(input, init)).resolves.toBe("response");
    expect(getter).not.toHaveBeenCalled();
    expect(input.toString).not.toHaveBeenCalled();
    const hostile = new Proxy({}, { getOwnPropertyDescriptor: () => { throw new Error("trap"); } });
    await expect(fetch(`${API}/y`, hostile)).resolves.toBe("response");
    expect(fetchCalls).toHaveLength(2);
  });

  it("treats every URL as cross-origin on an opaque-origin page, and skips non-HTTP URLs", async () => {
    const { win } = fakeWindow();
    win.origin = "null";
    installCredentialsWitness(win, report);
    const fetch = win.fetch as (input: unknown, init?: unknown) => Promise<unknown>;
    await fetch(`${PAGE}/x`);
    await fetch("data:text/plain,hi");
    expect(hints.map((h) => h.url)).toEqual([`${PAGE}/x`]);
  });
});

describe("XMLHttpRequest", () => {
  it("reports withCredentials as it stands at send()", () => {
    const { win } = fakeWindow();
    installCredentialsWitness(win, report);
    const xhr = new win.XMLHttpRequest();
    expect(xhr.open("get", `${API}/x?q=1`)).toBe("opened");
    xhr.withCredentials = true;
    expect(xhr.send("body")).toBe("sent");
    expect(xhr.opened).toEqual(["get", `${API}/x?q=1`]);
    expect(xhr.sent).toEqual(["body"]);
    const plain = new win.XMLHttpRequest();
    plain.open("POST", `${API}/y`, true);
    plain.send();
    const same = new win.XMLHttpRequest();
    same.open("GET", "/local");
    same.withCredentials = true;
    same.send();
    expect(hints).toEqual([
      { url: `${API}/x?q=1`, method: "GET", credentials: "include", via: "xhr" },
      { url: `${API}/y`, method: "POST", credentials: "same-origin", via: "xhr" },
    ]);
  });

  it("rethrows the native open's and send's exceptions and reports nothing for them", () => {
    const { win, FakeXhr } = fakeWindow();
    const error = new DOMException("bad state", "InvalidStateError");
    const nativeSend = FakeXhr.prototype.send;
    FakeXhr.prototype.send = function () {
      throw error;
    };
    installCredentialsWitness(win, report);
    const xhr = new win.XMLHttpRequest();
    xhr.open("GET", `${API}/x`);
    expect(() => xhr.send()).toThrow(error);
    expect(hints).toEqual([]);
    FakeXhr.prototype.send = nativeSend;
  });
});
