// The building blocks of the server policy (src/fixes/policy.ts): the bounds, a tally of values
// with what each is based on, and the checks that keep only exact origins and HTTP tokens.
import type { HeaderList } from "../engine/types";
import { headerValues } from "./headers";
import type { PolicyValue } from "./policy";

/** Bounds: beyond them the least-used values are left out, with a note. */
export const POLICY_LIMITS = { origins: 50, methods: 16, headers: 64, basis: 3, nameLength: 100 } as const;

// RFC 9110 token characters: the only ones a browser lets a page put in a header name or method.
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Collects values with their basis, first-seen order, counting how many requests need each. */
export class Tally {
  private readonly values = new Map<string, { value: string; basis: string[]; uses: number; order: number; server: boolean }>();

  add(value: string, basis: string, options: { readonly server?: boolean; readonly use?: boolean } = {}): void {
    let slot = this.values.get(value);
    if (!slot) {
      slot = { value, basis: [], uses: 0, order: this.values.size, server: false };
      this.values.set(value, slot);
    }
    if (options.use !== false) slot.uses += 1;
    if (options.server) slot.server = true;
    if (slot.basis.length < POLICY_LIMITS.basis && !slot.basis.includes(basis)) slot.basis.push(basis);
    else if (slot.basis.length === POLICY_LIMITS.basis && !slot.basis.includes(basis)) slot.basis.push("and more");
  }

  get size(): number {
    return this.values.size;
  }

  /** The kept values (server allowances and the most used first), in first-seen order. */
  pick(limit: number): { kept: PolicyValue[]; dropped: string[] } {
    const all = [...this.values.values()];
    const ranked = [...all].sort((a, b) => Number(b.server) - Number(a.server) || b.uses - a.uses || a.order - b.order);
    const keep = new Set(ranked.slice(0, limit).map((slot) => slot.value));
    return {
      kept: all.filter((slot) => keep.has(slot.value)).map((slot) => ({ value: slot.value, basis: slot.basis })),
      dropped: all.filter((slot) => !keep.has(slot.value)).map((slot) => slot.value),
    };
  }
}

export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function listValues(headers: HeaderList, name: string): string[] {
  return headerValues(headers, name).flatMap(splitList);
}

/** An exact serialized origin (scheme://host[:port]) that may be allowed: not "null", nothing else. */
export function isExactOrigin(value: string): boolean {
  if (value.length > 300 || !/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#"'`\\<>{}|^]+$/i.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export function isHeaderName(value: string): boolean {
  return value.length <= POLICY_LIMITS.nameLength && TOKEN.test(value);
}

export function prefixOf(path: string): string {
  const clean = path.split(/[?#]/)[0] ?? "/";
  const segments = clean.split("/").filter((segment) => segment.length > 0);
  if (segments.length < 2) return "/";
  return `/${segments[0]}/`;
}

export function short(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
