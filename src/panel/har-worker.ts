// The panel's HAR worker (a module Web Worker started by har-client.ts): receives one File, reads
// and judges it with the HAR reader and the engine (har-job.ts), posts progress and entries.
import { harReport, readHar } from "../har/reader";
import { isReadHarFile, type HarWorkerMessage } from "./har-protocol";
import { runHarJob, type HarReading } from "./har-job";

const reading: HarReading = { readHar, judge: (result) => harReport(result).entries };

self.addEventListener("message", (event: MessageEvent<unknown>) => {
  const request = event.data;
  if (!isReadHarFile(request)) return;
  void runHarJob({
    file: request.file,
    ...(request.credentials ? { credentials: request.credentials } : {}),
    reading,
    post: (message: HarWorkerMessage) => self.postMessage(message),
  });
});
