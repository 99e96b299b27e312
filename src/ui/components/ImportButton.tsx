// "Import HAR…": opens a HAR file (Chrome's Export HAR, Firefox's Save All As HAR) as a source of
// its own. The file input is hidden; the button opens its chooser.
import { useRef } from "preact/hooks";

export interface ImportButtonProps {
  readonly onFile: (file: File) => void;
}

export function ImportButton({ onFile }: ImportButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        class="cd-button"
        data-testid="import-har"
        title="Open a HAR file (Chrome: Network panel, Export HAR; Firefox: Save All As HAR) beside the live recording"
        onClick={() => input.current?.click()}
      >
        Import HAR…
      </button>
      <input
        ref={input}
        type="file"
        accept=".har,.json,application/json"
        hidden
        data-testid="import-har-input"
        onChange={(event) => {
          const element = event.currentTarget as HTMLInputElement;
          for (const file of Array.from(element.files ?? [])) onFile(file);
          element.value = "";
        }}
      />
    </>
  );
}
