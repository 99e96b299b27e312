// The report types as the extension's pages and worker read them: src/report/types.ts, and the
// engine's and the fixes' types the UI renders (the UI reaches them only through this module).
import type { HarError } from "../har/types";

export * from "../report/types";
export type { HeaderField, HeaderList } from "../engine/types";
export type { Fix, StackDetection } from "../fixes/types";
export type { ServerReport } from "../fixes/servers";
export type { PolicyValue, ServerPolicy } from "../fixes/policy";
export type { PolicyFile } from "../fixes/policy-file";
/** Which codes are Local Network Access checks: the engine's one list, for the UI's grouping. */
export { LOCAL_NETWORK_CODES } from "../engine/codes";
/** The one origin parser (the engine's), for the UI's grouping and summaries. */
export { originOf } from "../engine/origin";
/** The HAR reader's words about a file (src/har/types.ts), for the panel's import banner. */
export type { CredentialsChoice, HarFlavor, HarNotice } from "../har/types";
/** Why a file could not be read as a HAR at all. */
export type HarErrorKind = HarError["kind"];
