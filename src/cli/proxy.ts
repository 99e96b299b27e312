// The standard proxy variables (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, and their lower-case forms).
// cors-doctor talks to servers directly, byte for byte: it does not tunnel through a proxy (a
// proxy may add or strip the very headers being judged). A URL a proxy variable would send
// through a proxy is refused with a message that says how to reach the server directly; NO_PROXY
// and loopback addresses go direct.
import { InputError } from "./command";

type Env = Readonly<Record<string, string | undefined>>;

function variable(env: Env, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare.endsWith(".localhost") || /^127\./.test(bare) || bare === "::1";
}

/** NO_PROXY: "*", host names (a leading dot or none matches subdomains too), optional ":port". */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (isLoopback(url.hostname)) return true;
  if (noProxy === undefined) return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== "")
    .some((entry) => {
      if (entry === "*") return true;
      const [name = "", entryPort] = entry.toLowerCase().split(/:(?=\d+$)/);
      if (entryPort !== undefined && entryPort !== port) return false;
      const bare = name.replace(/^\*?\./, "");
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/** The proxy variable that would carry `url`, or undefined when it goes direct. */
export function proxyFor(url: URL, env: Env): { readonly name: string; readonly value: string } | undefined {
  if (bypassesProxy(url, variable(env, "NO_PROXY"))) return undefined;
  const names = url.protocol === "https:" ? ["HTTPS_PROXY", "ALL_PROXY"] : ["HTTP_PROXY", "ALL_PROXY"];
  for (const name of names) {
    const value = variable(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** Refuses a URL that the environment says to reach through a proxy, saying why and what to do. */
export function refuseProxied(url: string, env: Env): void {
  const parsed = new URL(url);
  const proxy = proxyFor(parsed, env);
  if (!proxy) return;
  throw new InputError(
    `${proxy.name} is set, and cors-doctor does not send requests through a proxy: a proxy can add or strip the CORS headers being judged. ` +
      `Reach ${parsed.host} directly (add it to NO_PROXY, e.g. NO_PROXY=${parsed.hostname}), or run cors-doctor where the server is reachable without one.`,
  );
}
