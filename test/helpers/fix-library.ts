// The fix library as the pages hand it to the UI store, given at once (the pages load it as a chunk).
import { completeEntries, policyFile, serverGroups } from "../../src/fixes/servers";
import type { FixLibrary } from "../../src/ui/store";

export const fixes: FixLibrary = { completeEntries, serverGroups, policyFile };
