// The shape of test/fixtures/har/verdicts.json, and a look at how each browser's verdicts in the
// run compare with the lab catalog's expectations (printed, never a reason to keep a run or not:
// the browsers' verdicts are the truth the fixtures carry).
import type { ResolvedCase } from "../../test/lab/types";
import type { ChromiumCaseVerdict } from "./chromium";

export interface FirefoxCaseVerdict {
  /** Firefox logged a CORS error for a request of the case. */
  readonly blocked: boolean;
  /** The deciding console reason (MDN's name, e.g. CORSMissingAllowOrigin), or null. */
  readonly reason: string | null;
  /** Firefox's console line for that reason, or null. */
  readonly consoleMessage: string | null;
}

export interface Verdicts {
  readonly generatedAt: string;
  readonly lab: { readonly pageOrigin: string; readonly apiA: string; readonly apiB: string };
  readonly chromium?: { readonly version: string; readonly cases: Readonly<Record<string, ChromiumCaseVerdict>> };
  readonly firefox?: { readonly version: string; readonly cases: Readonly<Record<string, FirefoxCaseVerdict>> };
}

/** One line per browser: how many cases agree with the catalog, and which do not. */
export function checkAgainstCatalog(cases: readonly ResolvedCase[], verdicts: Verdicts): string[] {
  const lines: string[] = [];
  if (verdicts.chromium) {
    const { cases: chromium, version } = verdicts.chromium;
    const differing = cases.filter((labCase) => {
      const verdict = chromium[labCase.id];
      const expected = labCase.expected;
      if (!verdict) return true;
      if (!expected.blocked) return verdict.blocked;
      return !verdict.blocked || verdict.code !== expected.code || verdict.failedParameter !== expected.failedParameter;
    });
    const blocked = Object.values(chromium).filter((verdict) => verdict.blocked).length;
    lines.push(`${version}: ${cases.length - differing.length}/${cases.length} cases as the catalog expects (${blocked} blocked)${differing.length ? `; differ: ${differing.map((c) => c.id).join(", ")}` : ""}`);
  }
  if (verdicts.firefox) {
    const { cases: firefox, version } = verdicts.firefox;
    const blocked = Object.values(firefox).filter((verdict) => verdict.blocked).length;
    const controlsBlocked = cases.filter((labCase) => labCase.kind === "control" && firefox[labCase.id]?.blocked).map((labCase) => labCase.id);
    lines.push(`${version}: ${blocked}/${cases.length} cases blocked${controlsBlocked.length ? `; controls blocked: ${controlsBlocked.join(", ")}` : ", no control blocked"}`);
  }
  return lines;
}
