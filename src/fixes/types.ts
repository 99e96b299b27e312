// The fix library's contract. A stack module turns what the server must send (FixRequirements,
// computed by the engine) into configuration for that stack, filled with this request's values.
import type { CorsErrorCode, FixRequirements, HeaderList } from "../engine/types";
import type { ServerPolicy } from "./policy";

export interface FixContext {
  readonly requirements: FixRequirements;
  /** The error Chromium reported, when the request was blocked. */
  readonly code?: CorsErrorCode;
  /** Response headers the failing server sent (final response, or the preflight's). */
  readonly responseHeaders: HeaderList;
  /**
   * The policy of the whole server (every request seen to it). Without it, the fix covers this
   * request only.
   */
  readonly policy?: ServerPolicy;
}

/** Another form of the same snippet, e.g. CommonJS next to ESM. */
export interface FixVariant {
  /** "esm" or "cjs". */
  readonly id: string;
  readonly label: string;
  readonly snippet: string;
}

export interface Fix {
  /** Stack id, e.g. "express", "nginx". */
  readonly stack: string;
  /** Human title, e.g. "Express (cors)". */
  readonly title: string;
  /** Syntax-highlighting hint: "js", "ts", "python", "nginx", "apache", "json", "yaml", … */
  readonly language: string;
  /** Ready-to-paste configuration or code, filled with this request's real values. */
  readonly snippet: string;
  /** Where the snippet goes. */
  readonly where: string;
  /** Why it is safe: what it allows and what it still refuses. */
  readonly why: string;
  /** Traps of this stack that apply to this failure. */
  readonly warnings: readonly string[];
  /** JavaScript stacks: the module styles, ESM (the same as `snippet`) first, then CommonJS. */
  readonly variants?: readonly FixVariant[];
}

export interface StackDetection {
  readonly stack: string;
  /** The header evidence, e.g. "X-Powered-By: Express". */
  readonly evidence: string;
}

/** One module per server stack, registered once in src/fixes/index.ts. */
export interface StackFixer {
  readonly id: string;
  readonly label: string;
  /** Returns the evidence when the response headers identify this stack. */
  detect(headers: HeaderList): string | undefined;
  render(context: FixContext): Fix;
}
