// The commands of `cors-doctor`, one module each, registered here once.
import type { Command } from "./command";
import { probeCommand } from "./probe";

export const COMMANDS: readonly Command[] = [probeCommand];
