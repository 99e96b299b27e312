// `cors-doctor probe <url> --origin <page origin>`: sends what Chromium would send for a page's
// fetch call, as src/engine/request-plan.ts models it; judges the answers with the engine, prints the verdict in
// Chromium's words with the fix. Exit 0 allowed, 1 blocked, 2 usage or network error.
import type { CredentialsMode } from "../engine/types";
import { STACKS } from "../fixes/index";
import { isExactOrigin } from "../fixes/policy-values";
import { completeReport } from "../fixes/servers";
import { toDiagnosedEntry } from "../report/entry";
import { NO_TAB, REPORT_FORMAT, REPORT_VERSION } from "../report/types";
import { oneOf, parseCommandArgs, UsageError, type Command, type ExitCode } from "./command";
import type { Transport } from "./http";
import type { CliIo } from "./io";
import { limitedNodeTransport, networkHelp, NETWORK_OPTIONS, networkSettings, parseHeaderLines } from "./options";
import { formatProbe } from "./probe-format";
import { probe, type ProbeOutcome } from "./probe-run";
import { refuseProxied } from "./proxy";

const OPTIONS = {
  origin: { type: "string" },
  method: { type: "string", short: "X" },
  header: { type: "string", short: "H", multiple: true },
  credentials: { type: "string" },
  data: { type: "string", short: "d" },
  redirect: { type: "string" },
  stack: { type: "string" },
  json: { type: "boolean", default: false },
  "send-actual": { type: "boolean", default: false },
  ...NETWORK_OPTIONS,
} as const;

const HELP = `cors-doctor probe: send what Chromium sends for a page's fetch, and say whether Chromium would allow it.

Usage: cors-doctor probe <url> --origin <page origin> [options]

Options:
  --origin <origin>       the page's origin, e.g. https://app.example.com (required)
  -X, --method <method>   the request's method (default GET); sent as Chromium sends it
  -H, --header 'N: v'     a header the page sets (repeatable). Cookie is the browser's cookie for the
                          server: sent only with --credentials include. Secrets are never printed.
  --credentials <mode>    include | same-origin | omit: fetch's credentials mode (default same-origin;
                          an XHR with withCredentials is include)
  -d, --data <text>       a string body (fetch adds Content-Type: text/plain;charset=UTF-8 unless -H sets one)
  --redirect <mode>       follow | manual | error: fetch's redirect mode (default follow)
  --stack <id>            the fix for this server stack (default: the detected one). One of:
${wrap(STACKS.map((stack) => stack.id).join(", "), 26, 100)}
  --json                  the result as one report entry (docs/report-format.md), like the panel's Copy as JSON
  --send-actual           also send a request whose method is not safe (POST, PUT, PATCH, DELETE, …).
                          Without it only its preflight is sent and judged, and the output says the
                          actual response was not checked.
${networkHelp(26)}

Examples:
  cors-doctor probe https://api.example.com/items --origin https://app.example.com
  cors-doctor probe https://api.example.com/items/7 --origin https://app.example.com -X PUT \\
      -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" --credentials include
  cors-doctor probe https://localhost:8443/me --origin https://localhost:5173 --insecure --json

Exit codes: 0 Chromium would allow it (or its preflight passes, actual not sent), 1 Chromium would block it,
2 a usage error or a network error (DNS, refused, reset, TLS, timeout: failed, not CORS).`;

/** `text` in lines of at most `width` characters, each indented by `indent` spaces. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines.map((each) => `${" ".repeat(indent)}${each}`).join("\n");
}

const CREDENTIALS: readonly CredentialsMode[] = ["include", "same-origin", "omit"];
const REDIRECTS = ["follow", "manual", "error"] as const;

function targetUrl(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "probe needs the URL to send to" : "probe takes one URL");
  const url = positionals[0]!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`'${url}' is not an absolute URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError("probe sends http: and https: URLs only");
  return parsed.href;
}

function pageOrigin(value: string | undefined): string {
  if (value === undefined) throw new UsageError("--origin is required: the origin of the page that makes the request");
  const origin = value.replace(/\/$/, "");
  if (!isExactOrigin(origin)) throw new UsageError(`--origin must be an origin such as https://app.example.com (got '${value}')`);
  return origin;
}

/** A probe's outcome as the report's one entry, completed with its fixes. */
export function probeEntry(outcome: ProbeOutcome, now: number) {
  const entry = toDiagnosedEntry(outcome.exchange, { id: "probe-1", tabId: NO_TAB, startedAt: now }, outcome.diagnosis);
  const report = completeReport({ format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: new Date(now).toISOString(), entries: [entry] });
  return report.entries[0]!;
}

export function probeExitCode(outcome: ProbeOutcome): ExitCode {
  if (outcome.networkError !== undefined || outcome.diagnosis.verdict === "unrelated-failure") return 2;
  return outcome.diagnosis.verdict === "blocked" ? 1 : 0;
}

/** Runs probe with `transport` (tests pass their own). */
export async function runProbe(args: readonly string[], io: CliIo, transport?: Transport): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  const url = targetUrl(positionals);
  const origin = pageOrigin(values.origin);
  const credentials = oneOf("credentials", values.credentials, CREDENTIALS, "same-origin");
  const redirect = oneOf("redirect", values.redirect, REDIRECTS, "follow");
  const stack = values.stack;
  if (stack !== undefined && !STACKS.some((each) => each.id === stack)) throw new UsageError(`--stack must be one of ${STACKS.map((each) => each.id).join(", ")}`);
  const settings = networkSettings(values);
  const lines = parseHeaderLines(values.header ?? []);
  const cookie = lines.filter((line) => line.name.toLowerCase() === "cookie").map((line) => line.value).join("; ");
  const headers = lines.filter((line) => line.name.toLowerCase() !== "cookie");
  if (cookie !== "" && credentials !== "include") io.err(`note: the Cookie given with -H is sent only with --credentials include, as Chromium sends cookies cross-origin.`);
  refuseProxied(url, io.env);
  const method = values.method ?? (values.data !== undefined ? "POST" : "GET");
  const outcome = await probe(
    { url, pageOrigin: origin, method, headers, credentials, redirect, ...(values.data !== undefined ? { body: values.data } : {}) },
    transport ?? limitedNodeTransport(settings, io.env),
    { sendActual: values["send-actual"] === true, ...(cookie !== "" ? { cookie } : {}) },
  );
  for (const name of outcome.plan.dropped) io.err(`note: ${name} is a forbidden request header: a page cannot set it, so it was not sent.`);
  const entry = probeEntry(outcome, Date.now());
  if (values.json) io.out(JSON.stringify(entry, null, 2));
  else io.out(formatProbe(outcome, entry, io, stack));
  return probeExitCode(outcome);
}

export const probeCommand: Command = {
  name: "probe",
  summary: "send what Chromium sends for a page's fetch; its verdict and the fix",
  help: HELP,
  run: (args, io) => runProbe(args, io),
};
