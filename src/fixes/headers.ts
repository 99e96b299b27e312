// Reading response headers for stack detection: case-insensitive names, duplicates kept.
import { headerValues } from "../engine/headers";
import type { HeaderList } from "../engine/types";

// Header lookup itself is the engine's (one headerValues for the whole extension).
export { headerValues };

/** "Name: value" of the first header named `name` whose value matches `pattern`. */
export function headerEvidence(headers: HeaderList, name: string, pattern: RegExp = /./): string | undefined {
  const field = headers.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase() && pattern.test(candidate.value));
  return field ? `${field.name}: ${field.value}` : undefined;
}

/** The first header whose lower-cased name starts with one of the prefixes. */
export function headerPrefixEvidence(headers: HeaderList, prefixes: readonly string[]): string | undefined {
  const field = headers.find((candidate) => prefixes.some((prefix) => candidate.name.toLowerCase().startsWith(prefix)));
  return field ? `${field.name} header` : undefined;
}

/**
 * Cookie names from Set-Cookie. Only names: values are redacted at capture and never needed.
 * A redacted header may carry no name at all, which simply yields nothing.
 */
export function cookieNames(headers: HeaderList): string[] {
  return headerValues(headers, "set-cookie")
    .flatMap((value) => value.split(/\n/))
    .map((line) => line.split("=")[0]?.trim() ?? "")
    .filter((name) => name.length > 0 && !/\s/.test(name));
}

export function cookieEvidence(headers: HeaderList, pattern: RegExp): string | undefined {
  const name = cookieNames(headers).find((candidate) => pattern.test(candidate));
  return name ? `Set-Cookie: ${name}=…` : undefined;
}

/** The first evidence found, trying each probe in order. */
export function firstEvidence(...probes: ReadonlyArray<() => string | undefined>): string | undefined {
  for (const probe of probes) {
    const evidence = probe();
    if (evidence) return evidence;
  }
  return undefined;
}
