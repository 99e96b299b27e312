// The commands of `cors-doctor`, one module each, registered here once.
import type { Command } from "./command";

export const COMMANDS: readonly Command[] = [];
