// The panel's HarImporter: each file is read and judged in a Web Worker of its own (har-worker.ts,
// a chunk of its own with the HAR reader and the engine), so the panel's thread only receives
// batches of entries and stays responsive. Closing the file's source stops the worker.
import type { CredentialsChoice } from "../shared/report";
import type { HarImporter, ImportListener } from "../ui/har-import";
import { deliver, type ReadHarFile } from "./har-protocol";

export function workerImporter(credentials?: CredentialsChoice): HarImporter {
  return {
    read(file: File, listener: ImportListener): () => void {
      const worker = new Worker(new URL("./har-worker.ts", import.meta.url), { type: "module", name: "cors-doctor-har" });
      let ended = false;
      const end = (): void => {
        ended = true;
        worker.terminate();
      };
      worker.addEventListener("message", (event: MessageEvent<unknown>) => {
        if (!ended && deliver(event.data, listener)) end();
      });
      worker.addEventListener("error", (event: ErrorEvent) => {
        if (ended) return;
        end();
        listener.failed({ kind: "failed", message: `The reader stopped: ${event.message || "the worker could not run"}.` });
      });
      worker.addEventListener("messageerror", () => {
        if (ended) return;
        end();
        listener.failed({ kind: "failed", message: "The reader's answer could not be received." });
      });
      const request: ReadHarFile = { type: "read", file, ...(credentials ? { credentials } : {}) };
      worker.postMessage(request);
      return end;
    },
  };
}
