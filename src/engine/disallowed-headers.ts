// Several request headers refused by one preflight: Chromium names only the first, so a fix made
// from the error alone costs one deploy per header. This names all of them, and says which one
// Chromium reports and how sure that is.
import { splitList } from "./headers";

export interface DisallowedHeaders {
  /** Every requested header the preflight's Access-Control-Allow-Headers does not cover, sorted. */
  readonly names: readonly string[];
  /** The one Chromium reports as failedParameter. */
  readonly reported: string;
  /** True when the requested names were not observed in Access-Control-Request-Headers (guessed). */
  readonly inferred: boolean;
  readonly evidence: string;
}

/**
 * The requested headers that `allowHeaders` does not cover. `requested` are the names from the
 * preflight's Access-Control-Request-Headers when observed; else `pageHeaders`, the CORS-unsafe
 * names seen on the request itself. Observed in Chromium 156: fetch sends its headers sorted by
 * name, and for fetch and XHR alike Chromium reports the first disallowed header in lower-cased,
 * sorted order, the order of Access-Control-Request-Headers.
 */
export function disallowedHeaders(
  allowHeaders: string | null,
  credentialsInclude: boolean,
  requested: readonly string[] | undefined,
  pageHeaders: readonly string[] = [],
): DisallowedHeaders | undefined {
  const fromPreflight = requested !== undefined && requested.length > 0;
  const names = [...new Set((fromPreflight ? requested : pageHeaders).map((name) => name.trim().toLowerCase()))].filter(Boolean).sort();
  const allowed = new Set(allowHeaders === null ? [] : splitList(allowHeaders).map((item) => item.toLowerCase()));
  if (!credentialsInclude && allowed.has("*")) return undefined;
  const missing = names.filter((name) => !allowed.has(name));
  const reported = missing[0];
  if (reported === undefined) return undefined;
  return {
    names: missing,
    reported,
    inferred: !fromPreflight,
    evidence: fromPreflight
      ? `The preflight asked for ${names.join(", ")} (Access-Control-Request-Headers), and Access-Control-Allow-Headers covers ${missing.length === names.length ? "none" : "not all"} of them; Chromium reports the first missing one in sorted order (observed in Chromium 156).`
      : `The preflight's Access-Control-Request-Headers was not observed; the names come from the request's own headers (${names.join(", ")}), and the one Chromium reports is assumed to be the first in sorted order.`,
  };
}
