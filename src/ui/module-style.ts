// The module style of JavaScript fixes (ES modules or CommonJS). The choice is a panel preference,
// kept with the worker's settings (PanelLayout.moduleStyle); earlier versions kept it in the page's
// localStorage, which is read once and removed (takeLegacyModuleStyle).
import type { ModuleStyle } from "../shared/layout";
import type { Fix } from "../shared/report";

export type { ModuleStyle } from "../shared/layout";

/** Where earlier versions kept the choice. */
export const LEGACY_MODULE_STYLE_KEY = "cors-doctor.module-style";

/** The choice an earlier version left in localStorage, removed as it is read; null when none (or storage is refused). */
export function takeLegacyModuleStyle(): ModuleStyle | null {
  try {
    const stored = globalThis.localStorage?.getItem(LEGACY_MODULE_STYLE_KEY);
    if (stored === null || stored === undefined) return null;
    globalThis.localStorage.removeItem(LEGACY_MODULE_STYLE_KEY);
    return stored === "cjs" ? "cjs" : "esm";
  } catch {
    return null; // storage refused (privacy settings): nothing to carry over
  }
}

/** The snippet in the chosen style, when the fix has that variant. */
export function snippetFor(fix: Fix, style: ModuleStyle): string {
  return fix.variants?.find((variant) => variant.id === style)?.snippet ?? fix.snippet;
}
