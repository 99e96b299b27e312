// A HAR as verify's input: the HAR reader (src/har) finds its cross-origin requests, judged as
// report entries (harReport, the one judge); their servers' policies are what verify checks.
import type { ServerEntry } from "../fixes/servers";
import { HarError, harReport, readHarLog } from "../har/reader";
import { InputError } from "./command";

export function harServers(har: unknown, path: string): ServerEntry[] {
  try {
    return [...harReport(readHarLog(har)).entries];
  } catch (error) {
    if (error instanceof HarError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
}
