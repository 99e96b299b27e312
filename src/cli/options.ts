// Options shared by probe and verify: how requests go out (timeout, certificates, rate and
// concurrency limits) and the -H header lines, parsed once.
import type { HeaderField } from "../engine/types";
import { UsageError } from "./command";
import { nodeTransport, type Transport } from "./http";
import { limitedTransport, realClock, type Clock, DEFAULT_LIMITS } from "./limits";
import { refuseProxied } from "./proxy";

export const NETWORK_OPTIONS = {
  timeout: { type: "string" },
  insecure: { type: "boolean", default: false },
  rate: { type: "string" },
  concurrency: { type: "string" },
} as const;

/** The shared options' help lines, their text starting at `column` (the command's own column). */
export function networkHelp(column: number): string {
  const rows: [string, string][] = [
    ["--timeout <ms>", "give up on a request after this long (default 10000): a network error, exit 2"],
    ["--insecure", "accept self-signed and invalid TLS certificates (development servers)"],
    ["--rate <n>", `at most n requests started per second (default ${DEFAULT_LIMITS.rate}, at most 50)`],
    ["--concurrency <n>", `at most n requests at once (default ${DEFAULT_LIMITS.concurrency}, at most 8)`],
  ];
  return rows.map(([option, text]) => `  ${option.padEnd(column - 2)}${text}`).join("\n");
}

export interface NetworkValues {
  readonly timeout?: string | undefined;
  readonly insecure?: boolean | undefined;
  readonly rate?: string | undefined;
  readonly concurrency?: string | undefined;
}

function positiveNumber(option: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number > max) throw new UsageError(`--${option} must be a number above 0 and at most ${max} (got '${value}')`);
  return number;
}

export interface NetworkSettings {
  readonly timeoutMs: number;
  readonly insecure: boolean;
  readonly rate: number;
  readonly concurrency: number;
}

export function networkSettings(values: NetworkValues): NetworkSettings {
  return {
    timeoutMs: positiveNumber("timeout", values.timeout, 10_000, 600_000),
    insecure: values.insecure === true,
    // Upper bounds keep it from ever looking like a scan, whatever is asked.
    rate: positiveNumber("rate", values.rate, DEFAULT_LIMITS.rate, 50),
    concurrency: Math.floor(positiveNumber("concurrency", values.concurrency, DEFAULT_LIMITS.concurrency, 8)),
  };
}

/**
 * The transport every command uses: node:http(s), limited; a URL the proxy variables would send
 * through a proxy (a redirect's too) is refused with what to do. Tests pass their own.
 */
export function limitedNodeTransport(settings: NetworkSettings, env: Readonly<Record<string, string | undefined>>, clock: Clock = realClock): Transport {
  const direct = nodeTransport(settings);
  return limitedTransport(
    (outgoing) => {
      refuseProxied(outgoing.url, env);
      return direct(outgoing);
    },
    settings,
    clock,
  );
}

/** `-H 'Name: value'` lines, as curl takes them. */
export function parseHeaderLines(lines: readonly string[]): HeaderField[] {
  return lines.map((line) => {
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError("-H takes 'Name: value' (a line without a valid header name was given; its text is not repeated, it may hold a secret)");
    return { name, value: line.slice(colon + 1).trim() };
  });
}
