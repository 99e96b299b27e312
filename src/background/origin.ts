// Origin arithmetic on the hot path without `new URL()`: webRequest hands us URLs that the browser
// has already canonicalized (lower-case scheme and host, default port dropped), so the origin is the
// text up to the first "/" after "://". Anything unusual falls back to the engine's URL parser
// (engine/origin.ts), so both agree on every URL.
import { originOf } from "../engine/origin";

/** The origin of a URL the browser canonicalized, or null when it has none (the engine's originOf, faster). */
export function canonicalOriginOf(url: string): string | null {
  const schemeEnd = url.indexOf("://");
  if (schemeEnd <= 0) return null;
  let end = url.indexOf("/", schemeEnd + 3);
  if (end < 0) end = url.length;
  const origin = url.slice(0, end);
  const queryOrHash = origin.search(/[?#@]/);
  if (queryOrHash < 0) return origin;
  return originOf(url);
}

/** True when a request from `initiator` to `url` crosses origins ("null" initiators always do). */
export function isCrossOrigin(initiator: string, url: string): boolean {
  if (initiator === "null") return true;
  return canonicalOriginOf(url) !== initiator;
}

export function isExtensionOrigin(origin: string): boolean {
  return origin.startsWith("chrome-extension:") || origin.startsWith("moz-extension:") || origin.startsWith("safari-web-extension:");
}
