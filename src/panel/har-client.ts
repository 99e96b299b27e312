// The panel's HarImporter: each file is read and judged in a Web Worker of its own (har-worker.ts,
// a chunk of its own with the HAR reader and the engine), so the panel's thread only receives
// batches of entries and stays responsive. Closing the file's source stops the worker.
import type { CredentialsChoice } from "../shared/report";
import type { HarImporter, ImportListener } from "../ui/har-import";
import { deliver, type ReadHarFile } from "./har-protocol";

/** Starts the worker (tests pass their own). */
export type StartWorker = () => Worker;

const startHarWorker: StartWorker = () => new Worker(new URL("./har-worker.ts", import.meta.url), { type: "module", name: "cors-doctor-har" });

function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export function workerImporter(credentials?: CredentialsChoice, start: StartWorker = startHarWorker): HarImporter {
  return {
    read(file: File, listener: ImportListener): () => void {
      let worker: Worker;
      try {
        worker = start();
      } catch (cause) {
        listener.failed({ kind: "failed", message: `The reader could not start: ${reason(cause)}.` });
        return () => undefined;
      }
      let ended = false;
      const end = (): void => {
        ended = true;
        worker.terminate();
      };
      const fail = (message: string): void => {
        if (ended) return;
        end();
        listener.failed({ kind: "failed", message });
      };
      worker.addEventListener("message", (event: MessageEvent<unknown>) => {
        if (!ended && deliver(event.data, listener)) end();
      });
      worker.addEventListener("error", (event: ErrorEvent) => fail(`The reader stopped: ${event.message || "the worker could not run"}.`));
      worker.addEventListener("messageerror", () => fail("The reader's answer could not be received."));
      const request: ReadHarFile = { type: "read", file, ...(credentials ? { credentials } : {}) };
      try {
        worker.postMessage(request);
      } catch (cause) {
        fail(`The file could not be handed to the reader: ${reason(cause)}.`);
      }
      return end;
    },
  };
}
