// URL and origin helpers: serialization as the browser sends it in `Origin`, and the address-space
// classification Local Network Access uses (loopback < local < public).

/** Serialized origin ("https://example.com:8443") of a URL, or null when it has none (opaque/invalid). */
export function originOf(url: string): string | null {
  const cached = origins.get(url);
  if (cached !== undefined) return cached;
  const parsed = parseUrl(url);
  // URL.origin builds a new string on every read; a diagnosis asks for the same few many times.
  const origin = parsed && parsed.origin !== "null" && parsed.origin !== "" ? parsed.origin : null;
  if (url.length > CACHED_URL_MAX_LENGTH) return origin;
  if (origins.size >= PARSE_CACHE_LIMIT) origins.clear();
  origins.set(url, origin);
  return origin;
}

// One diagnosis looks at the same few URLs many times; parsing is the engine's hottest step.
const parsedUrls = new Map<string, URL | null>();
const origins = new Map<string, string | null>();
const PARSE_CACHE_LIMIT = 256;
/** Longer URLs (a page can make them megabytes long) are not kept by these caches. */
const CACHED_URL_MAX_LENGTH = 4_096;

/** Parsed URL, or null. The returned object is shared: read it, never modify it. */
export function parseUrl(url: string): URL | null {
  if (typeof url !== "string" || url === "") return null;
  const cached = parsedUrls.get(url);
  if (cached !== undefined) return cached;
  let parsed: URL | null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (url.length > CACHED_URL_MAX_LENGTH) return parsed;
  if (parsedUrls.size >= PARSE_CACHE_LIMIT) parsedUrls.clear();
  parsedUrls.set(url, parsed);
  return parsed;
}

/** A Location value resolved against the URL it came from ("/next" → "https://host/next"). */
export function resolveLocation(location: string, base: string): string {
  if (location === "" || schemeOf(location) !== "") return location;
  const baseUrl = parseUrl(base);
  if (!baseUrl) return location;
  try {
    return new URL(location, baseUrl).href;
  } catch {
    return location;
  }
}

export function pathOf(url: string): string {
  return parseUrl(url)?.pathname ?? "/";
}

export function schemeOf(url: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return match ? match[1]!.toLowerCase() : "";
}

export function isHttpScheme(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === "http" || scheme === "https";
}

/** True when the URL carries a username or password (`https://user:pass@host/`). */
export function hasCredentialsInUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.username !== "" || parsed.password !== "");
}

/**
 * Whether an Access-Control-Allow-Origin value would parse as a URL (Chromium: GURL::is_valid).
 * Values that fail land in InvalidAllowOriginValue; parseable ones in AllowOriginMismatch.
 */
export function isParseableUrl(value: string): boolean {
  return parseUrl(value) !== null;
}

/** Potentially trustworthy origin (secure context): https, wss, localhost, 127.0.0.0/8, ::1. */
export function isPotentiallyTrustworthy(origin: string): boolean {
  const parsed = parseUrl(origin);
  if (!parsed) return false;
  if (parsed.protocol === "https:" || parsed.protocol === "wss:") return true;
  if (parsed.protocol === "chrome-extension:" || parsed.protocol === "file:") return true;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1";
}

export type AddressSpace = "loopback" | "local" | "public" | "unknown";

/** Address space of a host name or IP literal, as far as it can be told without DNS. */
export function addressSpaceOfHost(hostOrIp: string): AddressSpace {
  const host = hostOrIp.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "") return "unknown";
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\./.test(host)) return "loopback";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
    const [a, b] = host.split(".").map(Number) as [number, number];
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
      return "local";
    }
    if (a === 0) return "loopback";
    return "public";
  }
  if (host.includes(":")) {
    if (/^f[cd]/.test(host) || /^fe[89ab]/.test(host)) return "local";
    return "public";
  }
  if (host.endsWith(".local")) return "local";
  return "unknown";
}

export function addressSpaceOfUrl(url: string): AddressSpace {
  const parsed = parseUrl(url);
  return parsed ? addressSpaceOfHost(parsed.hostname) : "unknown";
}
