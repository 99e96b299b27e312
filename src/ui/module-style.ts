// The module style a user picked for JavaScript fixes (ES modules or CommonJS), remembered in the
// extension page's localStorage so every panel and popup opened later shows the same one.
import { signal, type Signal } from "@preact/signals";
import type { Fix } from "../shared/report";

export type ModuleStyle = "esm" | "cjs";

const KEY = "cors-doctor.module-style";

function stored(): ModuleStyle {
  try {
    return globalThis.localStorage?.getItem(KEY) === "cjs" ? "cjs" : "esm";
  } catch {
    return "esm"; // storage refused (privacy settings): the default, not an error
  }
}

export const moduleStyle: Signal<ModuleStyle> = signal(stored());

export function setModuleStyle(style: ModuleStyle): void {
  moduleStyle.value = style;
  try {
    globalThis.localStorage?.setItem(KEY, style);
  } catch {
    // Not remembered where storage is refused; the choice still holds for this page.
  }
}

/** The snippet in the chosen style, when the fix has that variant. */
export function snippetFor(fix: Fix, style: ModuleStyle): string {
  return fix.variants?.find((variant) => variant.id === style)?.snippet ?? fix.snippet;
}
