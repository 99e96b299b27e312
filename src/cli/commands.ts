// The commands of `cors-doctor`, one module each, registered here once.
import type { Command } from "./command";
import { harCommand } from "./commands/har";
import { probeCommand } from "./probe";
import { verifyCommand } from "./verify";

export const COMMANDS: readonly Command[] = [harCommand, probeCommand, verifyCommand];
