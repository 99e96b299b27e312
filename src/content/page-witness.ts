// The credentials witness, in the page's own world (Firefox build only; docs/firefox.md): wraps
// fetch() and XMLHttpRequest so that, for each cross-origin CORS call, the credentials mode the page
// asked for is reported to CORS Doctor (Firefox shows it to extensions only through a Cookie).
//
// It must never change what the page sees: the originals are called with the same `this` and
// arguments and their result or exception is returned unchanged; the wrapper's own work is in a
// try/catch, reads only native getters and own data properties (no page getter, no toString of a
// page object is ever run twice), and reports through `report`, which must not throw either.
// No extension API here: this world is the page's. A page can see and forge the reports.
import type { CredentialsHint } from "../shared/messages";

type Mode = CredentialsHint["credentials"];
// Taken when the script starts (before any page script): a page replacing them later changes nothing here.
const apply = Reflect.apply;
const describe = Reflect.getOwnPropertyDescriptor;
const hasInstance = Function.prototype[Symbol.hasInstance];
const MODES: readonly string[] = ["include", "same-origin", "omit"];
// fetch() normalizes these methods' case and no others (Fetch: "normalize a method").
const NORMALIZED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** The parts of a window the witness reads; a real Window satisfies it. */
export interface WitnessWindow {
  fetch?: unknown;
  XMLHttpRequest?: unknown;
  Request?: unknown;
  URL: typeof URL;
  origin: string;
  location: { href: string };
  document: { baseURI: string };
}

/** The getter of `name` on `proto` or the prototype it inherits it from. */
function getter(proto: unknown, name: string): ((this: unknown) => unknown) | undefined {
  if (typeof proto !== "object" || proto === null) return undefined;
  const owner = findProto(proto, name);
  const get = owner === null ? undefined : Object.getOwnPropertyDescriptor(owner, name)?.get;
  return typeof get === "function" ? (get as (this: unknown) => unknown) : undefined;
}

/** A native getter's value on `target`, or undefined when `target` is not of its kind. */
function read(get: ((this: unknown) => unknown) | undefined, target: unknown): unknown {
  if (get === undefined) return undefined;
  try {
    return apply(get, target, []);
  } catch {
    return undefined;
  }
}

/** An own data property's value (an accessor or a proxy trap of the page is never run through here but by the browser). */
function own(target: unknown, name: string): unknown {
  if (typeof target !== "object" || target === null) return undefined;
  const descriptor = describe(target, name);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

/**
 * Installs the wrappers on `win`. `report` receives each cross-origin CORS-mode call, from a task
 * given to `later` (by default at once): inside the page's call only what must be read then is
 * read (the arguments, the document's base URL), the URL is resolved later.
 */
export function installCredentialsWitness(
  win: WitnessWindow,
  report: (hint: CredentialsHint) => void,
  later: (task: () => void) => void = (task) => task(),
): void {
  const NativeURL = win.URL;
  const baseUri = getter(win.document, "baseURI");
  // Read before any page script runs (document_start): a page can replace window.origin later.
  const pageOrigin = win.origin;
  const urlHref = getter(NativeURL.prototype, "href");

  /** The call's URL as the page gave it, and the base it resolves against; undefined when it cannot be known without running page code. */
  const target = (input: unknown): Target | undefined => {
    let text: string | undefined;
    if (typeof input === "string") text = input;
    else if (typeof input === "object" && input !== null && apply(hasInstance, NativeURL, [input]) === true) {
      const href = read(urlHref, input);
      if (typeof href === "string") text = href;
    }
    if (text === undefined) return undefined;
    return { text, base: read(baseUri, win.document) };
  };
  /** The absolute URL, when it leaves the page's origin. */
  const crossOrigin = ({ text, base }: Target): string | undefined => {
    let url: URL;
    try {
      url = new NativeURL(text, typeof base === "string" ? base : win.location.href);
    } catch {
      return undefined;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    if (pageOrigin !== "null" && url.origin === pageOrigin) return undefined;
    url.hash = "";
    return url.href;
  };
  const send = (hint: CredentialsHint): void => {
    try {
      report(hint);
    } catch {
      // The page must never see the witness fail.
    }
  };

  const resolved: Resolve = (input, then) => {
    const found = target(input);
    if (found === undefined) return;
    later(() => {
      const url = crossOrigin(found);
      if (url !== undefined) then(url);
    });
  };
  wrapFetch(win, resolved, send);
  wrapXhr(win, (input) => {
    const found = target(input);
    return found === undefined ? undefined : crossOrigin(found);
  }, send);
}

/** `target` or the first of its prototypes that defines `name` itself. */
function findProto(target: object, name: string): object | null {
  let proto: object | null = target;
  while (proto !== null && Object.getOwnPropertyDescriptor(proto, name) === undefined) proto = Object.getPrototypeOf(proto) as object | null;
  return proto;
}

interface Target {
  readonly text: string;
  readonly base: unknown;
}
type CrossOrigin = (input: unknown) => string | undefined;
/** Resolves the call's URL later; `then` runs only when it leaves the page's origin. */
type Resolve = (input: unknown, then: (url: string) => void) => void;
type Send = (hint: CredentialsHint) => void;

function wrapFetch(win: WitnessWindow, resolve: Resolve, send: Send): void {
  const original = win.fetch;
  if (typeof original !== "function") return;
  const NativeRequest = typeof win.Request === "function" ? win.Request : undefined;
  const requestProto = NativeRequest ? (NativeRequest as { prototype: unknown }).prototype : undefined;
  // Whether `input` is a Request, without running page code (`instanceof` would ask the page's
  // Symbol.hasInstance) and without an exception per call (a native getter on a string throws).
  const isRequest = (input: unknown): boolean =>
    NativeRequest !== undefined && typeof input === "object" && input !== null && apply(hasInstance, NativeRequest, [input]) === true;
  const requestUrl = getter(requestProto, "url");
  const requestMethod = getter(requestProto, "method");
  const requestMode = getter(requestProto, "mode");
  const requestCredentials = getter(requestProto, "credentials");

  const note = (input: unknown, init: unknown): void => {
    const request = isRequest(input) ? input : undefined;
    const fromRequest = request === undefined ? undefined : read(requestUrl, request);
    const fromInit = typeof init === "object" && init !== null;
    const field = (name: string, get: ((this: unknown) => unknown) | undefined): unknown =>
      (fromInit ? own(init, name) : undefined) ?? (request === undefined ? undefined : read(get, request));
    const mode = field("mode", requestMode) ?? "cors";
    if (mode !== "cors") return;
    const credentials = field("credentials", requestCredentials) ?? "same-origin";
    const method = field("method", requestMethod) ?? "GET";
    if (typeof credentials !== "string" || !MODES.includes(credentials) || typeof method !== "string") return;
    resolve(typeof fromRequest === "string" ? fromRequest : input, (url) => send({ url, method: normalizeMethod(method), credentials: credentials as Mode, via: "fetch" }));
  };

  // `length` 1 and the name `fetch`, as the native function has.
  const wrapped = {
    fetch(this: unknown, input: unknown): unknown {
      // eslint-disable-next-line prefer-rest-params -- every argument passes through unchanged
      const args = arguments;
      const result: unknown = apply(original, this, args);
      try {
        note(input, args[1]);
      } catch {
        // Never the page's problem.
      }
      return result;
    },
  }.fetch;
  win.fetch = wrapped;
}

function wrapXhr(win: WitnessWindow, crossOrigin: CrossOrigin, send: Send): void {
  const Xhr = win.XMLHttpRequest;
  if (typeof Xhr !== "function") return;
  const proto = (Xhr as { prototype: Record<string, unknown> }).prototype;
  const open = proto.open;
  const sendNative = proto.send;
  const withCredentials = getter(proto, "withCredentials");
  if (typeof open !== "function" || typeof sendNative !== "function") return;
  const opened = new WeakMap<object, { url: string; method: string }>();

  const wrappers = {
    open(this: object, method: unknown, url: unknown): unknown {
      // eslint-disable-next-line prefer-rest-params -- every argument passes through unchanged
      const result: unknown = apply(open, this, arguments);
      try {
        const absolute = crossOrigin(url);
        if (absolute === undefined || typeof method !== "string") opened.delete(this);
        else opened.set(this, { url: absolute, method: normalizeMethod(method) });
      } catch {
        // Never the page's problem.
      }
      return result;
    },
    send(this: object): unknown {
      let credentials: unknown;
      try {
        credentials = read(withCredentials, this);
      } catch {
        credentials = undefined;
      }
      // eslint-disable-next-line prefer-rest-params -- every argument passes through unchanged
      const result: unknown = apply(sendNative, this, arguments);
      try {
        const call = opened.get(this);
        opened.delete(this);
        if (call && typeof credentials === "boolean") send({ ...call, credentials: credentials ? "include" : "same-origin", via: "xhr" });
      } catch {
        // Never the page's problem.
      }
      return result;
    },
  };
  proto.open = wrappers.open;
  proto.send = wrappers.send;
}
