// Assembles a Fix: the stack's own text plus the shared "why" and the traps that apply.
import { commonTraps } from "./traps";
import { describeAllowance, noOriginReason, type CorsPlan } from "./plan";
import type { Fix, FixVariant, StackFixer } from "./types";

export interface StackText {
  readonly language: string;
  readonly snippet: string;
  readonly where: string;
  /** Stack-specific addition to the shared explanation. */
  readonly why?: string;
  /** Stack-specific traps, listed before the shared ones. */
  readonly warnings?: readonly (string | false | undefined)[];
  /** ESM and CommonJS forms of the snippet (JavaScript stacks). */
  readonly variants?: readonly FixVariant[];
}

const withNewline = (snippet: string): string => (snippet.endsWith("\n") ? snippet : `${snippet}\n`);

/** Line-comment syntax of each snippet language; JSON has none (its `why` says it instead). */
const LINE_COMMENT: Readonly<Record<string, string>> = {
  js: "//",
  ts: "//",
  go: "//",
  java: "//",
  csharp: "//",
  php: "//",
  python: "#",
  ruby: "#",
  nginx: "#",
  apache: "#",
  caddy: "#",
};

/**
 * A snippet that lists no origin allows no page: it says so, and why, in its first comment (after
 * `<?php` in PHP), instead of leaving an empty list unexplained.
 */
function explainNoOrigin(snippet: string, language: string, plan: CorsPlan): string {
  const mark = LINE_COMMENT[language];
  if (plan.origins.length > 0 || !mark) return snippet;
  const comment = [
    `${mark} No origin is allowed here: ${noOriginReason(plan)}.`,
    `${mark} Serve the page from a real origin and list that origin exactly; until then this allows no page.`,
  ].join("\n");
  const [first, ...rest] = snippet.split("\n");
  return first === "<?php" ? [first, comment, ...rest].join("\n") : `${comment}\n${snippet}`;
}

export function composeFix(stack: Pick<StackFixer, "id" | "label">, plan: CorsPlan, text: StackText): Fix {
  const own = (text.warnings ?? []).filter((warning): warning is string => typeof warning === "string");
  return {
    stack: stack.id,
    title: stack.label,
    language: text.language,
    snippet: withNewline(explainNoOrigin(text.snippet, text.language, plan)),
    where: text.where,
    why: text.why ? `${describeAllowance(plan)} ${text.why}` : describeAllowance(plan),
    warnings: [...new Set([...own, ...commonTraps(plan)])],
    ...(text.variants ? { variants: text.variants.map((variant) => ({ ...variant, snippet: withNewline(explainNoOrigin(variant.snippet, text.language, plan)) })) } : {}),
  };
}

/**
 * True when authentication most likely answered the preflight: a 401/403 preflight, or a
 * non-2xx preflight whose status was not observed.
 */
export function preflightRejected(plan: CorsPlan): boolean {
  if (plan.preflightStatus !== undefined) return plan.preflightStatus === 401 || plan.preflightStatus === 403;
  return plan.code === "PreflightInvalidStatus";
}

/** Formats a list of already-quoted items on one line: `[a, b]`. */
export function list(items: readonly string[], quote: (value: string) => string, open = "[", close = "]"): string {
  return `${open}${items.map(quote).join(", ")}${close}`;
}
