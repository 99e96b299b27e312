// Fixes as tabs, one per server stack; the stacks detected from response headers come first.
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { Fix, StackDetection } from "../../fixes/types";
import { CopyButton } from "./CopyButton";

export function orderFixes(fixes: readonly Fix[], detected: readonly StackDetection[]): Fix[] {
  const rank = (fix: Fix): number => {
    const index = detected.findIndex((d) => d.stack === fix.stack);
    return index < 0 ? detected.length : index;
  };
  return fixes.map((fix, index) => ({ fix, index })).sort((a, b) => rank(a.fix) - rank(b.fix) || a.index - b.index).map((x) => x.fix);
}

export interface FixTabsProps {
  readonly entryId: string;
  readonly fixes: readonly Fix[];
  readonly detected: readonly StackDetection[];
  readonly copy: (text: string) => Promise<void>;
}

export function FixTabs({ entryId, fixes, detected, copy }: FixTabsProps) {
  const ordered = orderFixes(fixes, detected);
  const active = useSignal(0);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.min(active.value, ordered.length - 1);
  const fix = ordered[index];
  if (!fix) return null;
  const idBase = `cd-fix-${entryId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const evidence = detected.find((d) => d.stack === fix.stack)?.evidence;

  const focusTab = (next: number): void => {
    active.value = next;
    tabRefs.current[next]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    const last = ordered.length - 1;
    const moves: Record<string, number> = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusTab(next);
  };

  return (
    <div class="cd-fixes">
      <div role="tablist" aria-label="Fix for your server" class="cd-tablist" onKeyDown={onKeyDown}>
        {ordered.map((candidate, i) => {
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
              onClick={() => {
                active.value = i;
              }}
            >
              {candidate.title}
              {isDetected ? <span class="cd-badge cd-badge--detected">detected</span> : null}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${index}`} class="cd-tabpanel" data-testid="fix-panel">
        {evidence ? <p class="cd-evidence">Detected from the response header {<code>{evidence}</code>}.</p> : null}
        <p class="cd-where">{fix.where}</p>
        <div class="cd-code-block">
          <pre class="cd-code" data-language={fix.language}>
            <code>{fix.snippet}</code>
          </pre>
          <CopyButton text={fix.snippet} copy={copy} label="Copy fix" testId="copy-fix" />
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
