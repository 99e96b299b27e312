// CPU time used by one browser's processes, by kind (browser, network service, page renderers, the
// extension's renderer), read from /proc. Wall-clock page loads on a shared 2-core machine spread
// by tens of percent; the CPU each process spends on a load is steadier, and it tells whose work a
// difference is: the extension's own process, or the browser routing events to it.
import { readdirSync, readFileSync } from "node:fs";

export type ProcessKind = "browser" | "network" | "renderer" | "extension" | "other";
export type CpuByKind = Record<ProcessKind, number>;

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

interface ProcessInfo {
  readonly pid: number;
  readonly parent: number;
  readonly cpuMs: number;
  readonly args: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid, parent: Number(fields[1]), cpuMs: (ticks * 1000) / TICKS_PER_SECOND, args };
  } catch {
    return undefined; // the process ended while being read
  }
}

function kindOf(args: string): ProcessKind {
  const type = /--type=(\S+)/.exec(args)?.[1];
  if (type === undefined) return "browser";
  if (type === "renderer") return args.includes("--extension-process") ? "extension" : "renderer";
  if (type === "utility" && args.includes("NetworkService")) return "network";
  return "other";
}

/** True where /proc exists (Linux); elsewhere the bench leaves the CPU columns out. */
export function processCpuAvailable(): boolean {
  try {
    readdirSync("/proc/self");
    return true;
  } catch {
    return false;
  }
}

/** Cumulative CPU time of the browser started with `userDataDir` and all its descendants. */
export function browserCpu(userDataDir: string): CpuByKind {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const root = all.find((info) => kindOf(info.args) === "browser" && info.args.includes(`--user-data-dir=${userDataDir}`));
  const totals: CpuByKind = { browser: 0, network: 0, renderer: 0, extension: 0, other: 0 };
  if (!root) return totals;
  const children = new Map<number, ProcessInfo[]>();
  for (const info of all) children.set(info.parent, [...(children.get(info.parent) ?? []), info]);
  const queue = [root];
  for (let info = queue.pop(); info !== undefined; info = queue.pop()) {
    totals[kindOf(info.args)] += info.cpuMs;
    queue.push(...(children.get(info.pid) ?? []));
  }
  return totals;
}

export function cpuDifference(after: CpuByKind, before: CpuByKind): CpuByKind {
  return {
    browser: after.browser - before.browser,
    network: after.network - before.network,
    renderer: after.renderer - before.renderer,
    extension: after.extension - before.extension,
    other: after.other - before.other,
  };
}

export function cpuTotal(cpu: CpuByKind): number {
  return cpu.browser + cpu.network + cpu.renderer + cpu.extension + cpu.other;
}
