import { useSignal } from "@preact/signals";

export interface CopyButtonProps {
  readonly text: string | (() => string);
  readonly copy: (text: string) => Promise<void>;
  readonly label?: string;
  readonly testId?: string;
  readonly disabled?: boolean;
}

/** A button that copies text and says whether it worked. */
export function CopyButton({ text, copy, label = "Copy", testId, disabled = false }: CopyButtonProps) {
  const status = useSignal<"idle" | "copied" | "failed">("idle");
  const onClick = async (): Promise<void> => {
    try {
      await copy(typeof text === "function" ? text() : text);
      status.value = "copied";
    } catch {
      status.value = "failed";
    }
  };
  const shown = status.value === "copied" ? "Copied" : status.value === "failed" ? "Copy failed" : label;
  return (
    <button type="button" class="cd-button" data-testid={testId} disabled={disabled} onClick={() => void onClick()}>
      <span aria-live="polite">{shown}</span>
    </button>
  );
}
