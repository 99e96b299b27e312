// axe-core in a real page of the built extension: WCAG 2.0, 2.1 and 2.2 A and AA plus best
// practices. axe's source is evaluated through CDP (Runtime.evaluate), which an extension page's
// Content-Security-Policy does not govern (the page's own CSP refuses an added <script>).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/** The rule sets the sweep runs: every WCAG 2.x A/AA rule and axe's best practices. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] as const;

export interface AxeNode {
  readonly target: readonly string[];
  readonly html: string;
  readonly failureSummary?: string;
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}

export interface AxeResult {
  readonly violations: readonly AxeViolation[];
  /** What each waiver kept out: the elements its rule fails on, reported rather than counted as violations. */
  readonly waived: readonly (AxeWaiver & { readonly elements: number })[];
  /** Rules that passed on at least one element (proof that the sweep looked at something). */
  readonly passes: readonly string[];
  /** Rules axe could not decide on some elements ("needs review"), with how many. */
  readonly incomplete: readonly { readonly id: string; readonly elements: number; readonly nodes: readonly AxeNode[] }[];
  readonly version: string;
}

/**
 * A rule kept off for some elements only, with the reason: `selector` names the elements the rule
 * is not run on (axe's `exclude` is per sweep, so the rule runs again on everything else).
 */
export interface AxeWaiver {
  readonly rule: string;
  readonly selector: string;
  readonly reason: string;
}

let source: string | undefined;

function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return source;
}

/** Puts axe into the page (once per document) through CDP, out of the page's CSP's reach. */
async function inject(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === "object");
  if (present) return;
  const cdp = await page.context().newCDPSession(page);
  try {
    const { exceptionDetails } = await cdp.send("Runtime.evaluate", { expression: axeSource(), returnByValue: true });
    if (exceptionDetails) throw new Error(`axe-core did not load: ${exceptionDetails.text}`);
  } finally {
    await cdp.detach();
  }
  // The page's own world sees what Runtime.evaluate defined (same main world).
  await page.waitForFunction(() => typeof (window as { axe?: unknown }).axe === "object");
}

interface RunInput {
  readonly tags: readonly string[];
  readonly waivers: readonly AxeWaiver[];
}

/** Runs axe on the whole document; waived rules are run again on everything but their elements. */
export async function runAxe(page: Page, waivers: readonly AxeWaiver[] = []): Promise<AxeResult> {
  await inject(page);
  return page.evaluate(async ({ tags, waivers: waived }: RunInput) => {
    interface AxeApi {
      version: string;
      run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[]; passes: { id: string }[]; incomplete: AxeViolation[] }>;
    }
    const axe = (window as unknown as { axe: AxeApi }).axe;
    const rules = [...new Set(waived.map((w) => w.rule))];
    const off = Object.fromEntries(rules.map((rule) => [rule, { enabled: false }]));
    const main = await axe.run(document, { runOnly: { type: "tag", values: tags }, rules: off, resultTypes: ["violations", "passes", "incomplete"] });
    const violations = [...main.violations];
    const passes = new Set(main.passes.map((p) => p.id));
    for (const rule of rules) {
      const exclude = waived.filter((w) => w.rule === rule).map((w) => [w.selector]);
      const again = await axe.run({ include: [["html"]], exclude }, { runOnly: { type: "rule", values: [rule] }, resultTypes: ["violations", "passes"] });
      violations.push(...again.violations);
      for (const p of again.passes) passes.add(p.id);
    }
    const waivedNodes = [];
    for (const waiver of waived) {
      if (!document.querySelector(waiver.selector)) {
        waivedNodes.push({ ...waiver, elements: 0 });
        continue;
      }
      const only = await axe.run({ include: [[waiver.selector]] }, { runOnly: { type: "rule", values: [waiver.rule] }, resultTypes: ["violations"] });
      waivedNodes.push({ ...waiver, elements: only.violations.reduce((sum, v) => sum + v.nodes.length, 0) });
    }
    const trimmed = violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })),
    }));
    const incomplete = main.incomplete.map((i) => ({
      id: i.id,
      elements: i.nodes.length,
      nodes: i.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 120), failureSummary: n.failureSummary })),
    }));
    return { violations: trimmed, waived: waivedNodes, passes: [...passes], incomplete, version: axe.version };
  }, { tags: [...AXE_TAGS], waivers });
}

/** One line per violated rule and its first elements, for a failure message a person can act on. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 4)
        .map((n) => `    ${n.target.join(" ")}: ${n.html}\n      ${(n.failureSummary ?? "").replace(/\n/g, " ")}`)
        .join("\n");
      return `${v.id} (${v.impact ?? "?"}, ${v.nodes.length} elements): ${v.help}\n${nodes}`;
    })
    .join("\n");
}
