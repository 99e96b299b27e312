// Importers for the panel tests: one the test drives step by step (progress, batches, the end),
// and one that runs the real import job (src/panel/har-job.ts) in-process, without a Web Worker.
import { readFileSync } from "node:fs";
import { deliver } from "../../src/panel/har-protocol";
import { runHarJob, type HarReading } from "../../src/panel/har-job";
import type { HarImporter, ImportListener } from "../../src/ui/har-import";

export interface ScriptedRead {
  readonly file: File;
  readonly listener: ImportListener;
  stopped: boolean;
}

/** Each read waits for the test to call its listener. */
export class ScriptedImporter implements HarImporter {
  readonly reads: ScriptedRead[] = [];
  read(file: File, listener: ImportListener): () => void {
    const read: ScriptedRead = { file, listener, stopped: false };
    this.reads.push(read);
    return () => {
      read.stopped = true;
    };
  }
  last(): ScriptedRead {
    const read = this.reads.at(-1);
    if (!read) throw new Error("no file was read");
    return read;
  }
}

/** The worker's job, run in the test's thread; `finished` resolves when each read has ended. */
export class InlineImporter implements HarImporter {
  readonly runs: Promise<void>[] = [];
  constructor(private readonly reading: HarReading) {}
  read(file: File, listener: ImportListener): () => void {
    let stopped = false;
    this.runs.push(runHarJob({ file, reading: this.reading, post: (message) => void (stopped || deliver(message, listener)) }));
    return () => {
      stopped = true;
    };
  }
  async finished(): Promise<void> {
    await Promise.all(this.runs);
  }
}

/** What a fixture of test/fixtures/har says of itself (re-made fixtures change both). */
export function fixtureFacts(name: string): { readonly entries: string; readonly creator: string } {
  const har = JSON.parse(readFileSync(`test/fixtures/har/${name}`, "utf8")) as { log: { creator: { name: string; version: string }; entries: unknown[] } };
  return { entries: `${har.log.entries.length.toLocaleString("en-US")} entries`, creator: `${har.log.creator.name} ${har.log.creator.version}` };
}
