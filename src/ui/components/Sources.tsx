// The panel with its sources: the live recording, and each HAR file opened with Import HAR… or
// dropped onto the panel. A file shows in the same Panel (list, grouping, details, server view,
// fixes, exports) with a store of its own; until it has a request to list, or when it could not be
// read, its view says why instead of showing an empty list.
import type { ComponentChildren } from "preact";
import { Panel } from "./Panel";
import { DropZone } from "./DropZone";
import { ImportButton } from "./ImportButton";
import { ImportStatus } from "./ImportStatus";
import { SOURCE_PANEL_ID, SourceBar } from "./SourceBar";
import type { UiServices } from "../services";
import { type FileSource, type SourcesStore } from "../sources";

export interface SourcesProps {
  readonly sources: SourcesStore;
  readonly services?: UiServices;
}

/** A file with nothing to list yet (still reading, unreadable, or no cross-origin request in it). */
function FileMessage({ file, theme, importButton }: { file: FileSource; theme: string; importButton: ComponentChildren }) {
  return (
    // The page's one main landmark and heading, as in the Panel it stands in for.
    <main class="cd-root cd-panel cd-file-message" data-theme={theme} data-testid="file-message">
      <h1 class="cd-visually-hidden">CORS Doctor</h1>
      <div class="cd-toolbar" role="toolbar" aria-label="File controls">
        {importButton}
      </div>
      <ImportStatus file={file} />
    </main>
  );
}

function ActiveView({ sources, services }: SourcesProps) {
  const file = sources.activeFile.value;
  const importButton = <ImportButton onFile={(chosen) => sources.open(chosen)} />;
  if (!file) return <Panel key="live" store={sources.live} services={services} toolbarExtra={importButton} />;
  if (file.received.value === 0) return <FileMessage file={file} theme={sources.live.settings.theme.value} importButton={importButton} />;
  return <Panel key={file.id} store={file.store} services={services} toolbarExtra={importButton} notices={<ImportStatus file={file} />} announce={false} />;
}

export function Sources({ sources, services }: SourcesProps) {
  const open = (file: File): void => void sources.open(file);
  if (sources.files.value.length === 0) {
    return (
      <DropZone onFile={open}>
        <ActiveView sources={sources} services={services} />
      </DropZone>
    );
  }
  return (
    <DropZone onFile={open}>
      <div class="cd-root cd-sources" data-theme={sources.live.settings.theme.value} data-testid="sources">
        <SourceBar sources={sources} />
        {/* Not named after its tab: axe's region rule counts a named tab panel outside a landmark as
            content outside them, and the panel's own main landmark is inside it. */}
        <div class="cd-source-panel" role="tabpanel" id={SOURCE_PANEL_ID}>
          <ActiveView sources={sources} services={services} />
        </div>
      </div>
    </DropZone>
  );
}
