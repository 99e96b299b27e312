// Drag and drop onto the panel: a file dropped anywhere opens as a source of its own, like
// Import HAR…. Only drags that carry files are taken; text and links dragged over are left alone.
import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";

export interface DropZoneProps {
  readonly onFile: (file: File) => void;
  readonly children: ComponentChildren;
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes("Files");
}

export function DropZone({ onFile, children }: DropZoneProps) {
  const dragging = useSignal(false);
  // dragenter and dragleave fire for every child crossed: count them to know when the drag left.
  const depth = useRef(0);
  return (
    <div
      class="cd-dropzone"
      data-testid="drop-zone"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        dragging.value = true;
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) dragging.value = false;
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        dragging.value = false;
        for (const file of Array.from(event.dataTransfer?.files ?? [])) onFile(file);
      }}
    >
      {children}
      {dragging.value ? (
        <div class="cd-drop-overlay" role="status" data-testid="drop-overlay">
          Drop a HAR file to open it beside the live recording
        </div>
      ) : null}
    </div>
  );
}
