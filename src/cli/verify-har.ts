// A HAR as verify's input: its cross-origin requests, judged as report entries, give the servers'
// policies. Reading a HAR needs the HAR reader (src/har/reader.ts); until it is part of the build,
// a HAR is refused with what to give instead.
import type { ServerEntry } from "../fixes/servers";
import { InputError } from "./command";

export function harServers(_har: unknown, path: string): ServerEntry[] {
  throw new InputError(`${path} is a HAR, and this build of cors-doctor has no HAR reader yet: open the page in the panel and use Export policy (or save its JSON report), then verify that file`);
}
