// Compares a verdict (Chromium's, or later the extension's) with a lab case's expectation and
// prints the agreement table.
import { expect } from "vitest";
import type { ResolvedCase } from "../../lab/types";

/** The part of a verdict the comparison needs: ChromiumVerdict fits, so does a report entry. */
export interface ComparableVerdict {
  readonly blocked: boolean;
  /** A request failed for a reason that is not CORS (an allowed case must not fail). */
  readonly failed?: boolean;
  readonly code: string | null;
  readonly failedParameter: string | null;
  readonly errorText?: string | null;
}

export function agrees(labCase: ResolvedCase, verdict: ComparableVerdict | undefined): boolean {
  if (!verdict) return false;
  const expected = labCase.expected;
  if (!expected.blocked) {
    // Failed, not CORS: the request fails with this network error and no CORS error.
    if (expected.failedNotCors !== undefined) return !verdict.blocked && verdict.failed === true && verdict.errorText === expected.failedNotCors;
    return !verdict.blocked && !verdict.failed;
  }
  return verdict.blocked && verdict.code === expected.code && verdict.failedParameter === expected.failedParameter;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length} chars)` : text;
}

export function describeExpected(labCase: ResolvedCase): string {
  const expected = labCase.expected;
  if (expected.blocked) return `${expected.code} ${JSON.stringify(shorten(expected.failedParameter))}`;
  return expected.failedNotCors !== undefined ? `failed, not CORS (${expected.failedNotCors})` : "allowed";
}

export function describeVerdict(verdict: ComparableVerdict | undefined): string {
  if (!verdict) return "(no request seen)";
  if (verdict.blocked) return `${verdict.code} ${JSON.stringify(shorten(verdict.failedParameter ?? ""))}`;
  return verdict.failed ? `failed ${verdict.errorText ?? ""}` : "allowed";
}

/** Prints one line per case (✗ marks a disagreement) and returns how many agree. */
export function printAgreementTable(
  cases: readonly ResolvedCase[],
  verdictFor: (id: string) => ComparableVerdict | undefined,
  label = "Chromium",
): number {
  const width = Math.max(...cases.map((labCase) => labCase.id.length));
  const rows = cases.map((labCase) => {
    const verdict = verdictFor(labCase.id);
    const mark = agrees(labCase, verdict) ? "  " : "✗ ";
    return `${mark}${labCase.id.padEnd(width)}  expected ${describeExpected(labCase)}  |  ${label} ${describeVerdict(verdict)}`;
  });
  const agreeing = cases.filter((labCase) => agrees(labCase, verdictFor(labCase.id))).length;
  console.log(`${rows.join("\n")}\n${agreeing}/${cases.length} cases agree with ${label}`);
  return agreeing;
}

/** Soft assertions, one per field, so that a run reports every disagreement at once. */
export function expectAgreement(labCase: ResolvedCase, verdict: ComparableVerdict | undefined): void {
  const expected = labCase.expected;
  expect.soft(verdict, `${labCase.id}: no request seen`).toBeDefined();
  if (!verdict) return;
  expect.soft(verdict.blocked, `${labCase.id}: blocked`).toBe(expected.blocked);
  if (expected.blocked) {
    expect.soft(verdict.code, `${labCase.id}: code`).toBe(expected.code);
    expect.soft(verdict.failedParameter, `${labCase.id}: failedParameter`).toBe(expected.failedParameter);
  } else if (expected.failedNotCors !== undefined) {
    expect.soft(verdict.errorText, `${labCase.id}: network error`).toBe(expected.failedNotCors);
  } else {
    expect.soft(verdict.failed ?? false, `${labCase.id}: ${verdict.errorText ?? ""}`).toBe(false);
  }
}
