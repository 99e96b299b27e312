// Fixes as tabs, one per server stack, in the report's order: the stacks detected from response
// headers come first (src/fixes/index.ts orders them).
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { Fix, StackDetection } from "../../shared/report";
import { snippetFor, type ModuleStyle } from "../module-style";
import { CopyButton } from "./CopyButton";

/** Tabs shown at once; the remaining stacks are offered in a menu so the row stays readable. */
export const VISIBLE_TABS = 6;

/** Indices (into the ordered fixes) that get a tab: the first few, plus the active one. */
export function visibleTabIndices(count: number, active: number): number[] {
  const shown = Array.from({ length: Math.min(count, VISIBLE_TABS) }, (_, i) => i);
  if (active >= VISIBLE_TABS && active < count) shown.push(active);
  return shown;
}

export interface FixTabsProps {
  readonly entryId: string;
  readonly fixes: readonly Fix[];
  readonly detected: readonly StackDetection[];
  readonly copy: (text: string) => Promise<void>;
  /** The module style JavaScript fixes are shown in (a panel preference, kept with the settings). */
  readonly moduleStyle: ModuleStyle;
  readonly onModuleStyle: (style: ModuleStyle) => void;
}

interface TabBarProps {
  readonly fixes: readonly Fix[];
  readonly detected: readonly StackDetection[];
  readonly idBase: string;
  /** The selected tab's index into `fixes`. */
  readonly index: number;
  readonly onSelect: (index: number, focus?: boolean) => void;
  readonly tabRefs: { readonly current: (HTMLButtonElement | null)[] };
}

/** The first stacks as tabs (arrow keys, Home and End move between them), the others in a menu. */
function TabBar({ fixes, detected, idBase, index, onSelect, tabRefs }: TabBarProps) {
  const shown = visibleTabIndices(fixes.length, index);
  const hidden = fixes.map((_, i) => i).filter((i) => !shown.includes(i));
  const onKeyDown = (event: KeyboardEvent): void => {
    const position = shown.indexOf(index);
    const last = shown.length - 1;
    const moves: Record<string, number> = { ArrowRight: position === last ? 0 : position + 1, ArrowLeft: position === 0 ? last : position - 1, Home: 0, End: last };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(shown[next]!, true);
  };
  return (
    <div class="cd-tabbar">
      <div role="tablist" aria-label="Fix for your server" class="cd-tablist" onKeyDown={onKeyDown}>
        {shown.map((i) => {
          const candidate = fixes[i]!;
          const isDetected = detected.some((d) => d.stack === candidate.stack);
          return (
            <button
              key={candidate.stack}
              ref={(element) => {
                tabRefs.current[i] = element;
              }}
              type="button"
              role="tab"
              id={`${idBase}-tab-${i}`}
              aria-selected={i === index}
              aria-controls={`${idBase}-panel`}
              tabIndex={i === index ? 0 : -1}
              class={`cd-tab${i === index ? " cd-tab--active" : ""}`}
              onClick={() => onSelect(i)}
            >
              {candidate.title}
              {isDetected ? <span class="cd-badge cd-badge--detected">detected</span> : null}
            </button>
          );
        })}
      </div>
      {hidden.length > 0 ? (
        <select
          class="cd-select"
          aria-label="Other server stacks"
          data-testid="more-stacks"
          value=""
          onChange={(event) => {
            const chosen = Number((event.currentTarget as HTMLSelectElement).value);
            if (Number.isInteger(chosen)) onSelect(chosen);
          }}
        >
          <option value="">{hidden.length} more stacks…</option>
          {hidden.map((i) => (
            <option key={fixes[i]!.stack} value={String(i)}>
              {fixes[i]!.title}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}

function ModuleStyleSwitch({ fix, snippet, idBase, onModuleStyle }: { fix: Fix; snippet: string; idBase: string; onModuleStyle: (style: ModuleStyle) => void }) {
  if (!fix.variants || fix.variants.length <= 1) return null;
  return (
    <div class="cd-module-style" role="radiogroup" aria-label="Module style" data-testid="module-style">
      {fix.variants.map((variant) => (
        <label key={variant.id} class="cd-check">
          <input
            type="radio"
            name={`${idBase}-module-style`}
            value={variant.id}
            checked={snippet === variant.snippet}
            onChange={() => onModuleStyle(variant.id as ModuleStyle)}
          />
          {variant.label}
        </label>
      ))}
    </div>
  );
}

export function FixTabs({ entryId, fixes, detected, copy, moduleStyle, onModuleStyle }: FixTabsProps) {
  const active = useSignal(0);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.min(active.value, fixes.length - 1);
  const fix = fixes[index];
  if (!fix) return null;
  const idBase = `cd-fix-${entryId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const evidence = detected.find((d) => d.stack === fix.stack)?.evidence;
  const snippet = snippetFor(fix, moduleStyle);
  const select = (next: number, focus = false): void => {
    active.value = next;
    if (focus) tabRefs.current[next]?.focus();
  };
  return (
    <div class="cd-fixes">
      <TabBar fixes={fixes} detected={detected} idBase={idBase} index={index} onSelect={select} tabRefs={tabRefs} />
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${index}`} class="cd-tabpanel" data-testid="fix-panel">
        {evidence ? (
          <p class="cd-evidence">
            Detected from the response header <code>{evidence}</code>.
          </p>
        ) : null}
        <p class="cd-where">{fix.where}</p>
        <ModuleStyleSwitch fix={fix} snippet={snippet} idBase={idBase} onModuleStyle={onModuleStyle} />
        <div class="cd-code-block">
          <pre class="cd-code" tabIndex={0} data-language={fix.language} data-module-style={fix.variants ? moduleStyle : undefined}>
            <code>{snippet}</code>
          </pre>
          <CopyButton text={snippet} copy={copy} label="Copy fix" testId="copy-fix" />
        </div>
        {fix.why ? <p class="cd-why">{fix.why}</p> : null}
        {fix.warnings.length > 0 ? (
          <ul class="cd-warnings">
            {fix.warnings.map((warning, i) => (
              <li key={i}>{warning}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
