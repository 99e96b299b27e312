// `cors-doctor verify <policy>`: the CI gate. For each server of the policy (a policy file, the
// panel's JSON report or a HAR), what the pages need is allowed and nothing more is (see
// verify-checks.ts). Exit 0 all hold, 1 any fails, 2 usage, input or network errors.
import { parseCommandArgs, UsageError, type Command, type ExitCode } from "./command";
import type { Transport } from "./http";
import type { CliIo } from "./io";
import { limitedNodeTransport, networkHelp, NETWORK_OPTIONS, networkSettings, parseHeaderLines } from "./options";
import { refuseProxied } from "./proxy";
import { serverChecks } from "./verify-checks";
import { readVerifyInput, serverTargets } from "./verify-input";
import { summarize, verifyJson, verifyJunit, verifyTable } from "./verify-output";
import { runChecks } from "./verify-run";

const OPTIONS = {
  server: { type: "string", multiple: true },
  only: { type: "string", multiple: true },
  header: { type: "string", short: "H", multiple: true },
  json: { type: "boolean", default: false },
  junit: { type: "string" },
  "send-actual": { type: "boolean", default: false },
  ...NETWORK_OPTIONS,
} as const;

const HELP = `cors-doctor verify: check that each server allows what its pages need, and nothing more.

Usage: cors-doctor verify <policy.json> [options]

The input is a policy file (the panel's server view, Export policy; format in docs/cli.md), the
panel's JSON report, or a HAR. For each server, verify sends what Chromium would send and checks:
  needed    every recorded combination (origin × method × headers × credentials) is allowed
  not more  an unlisted origin, the origin null, and a credentialed request from an unlisted
            origin are refused (reflecting any origin, allowing null, * with credentials are
            reported as the security holes they are); a server marked "public": true must answer
            * to every origin, without credentials

Options:
  --server <recorded>=<target>  check a recorded server at another origin (repeatable), e.g.
                                --server http://localhost:3000=https://staging.example.com
  --only <origin>               check only this recorded server (repeatable): a report or a HAR
                                names every server the page called, CDNs and analytics included
  -H, --header 'N: v'           a value for a header the pages send (repeatable), e.g. a real
                                Authorization; Cookie goes with credentialed requests. Never printed.
  --json                        the results as JSON on stdout
  --junit <file>                also write the results as JUnit XML (CI dashboards read it)
  --send-actual                 also send needed requests whose method is not safe (POST, PUT,
                                PATCH, DELETE, …); without it only their preflights are judged
${networkHelp(32)}

Examples:
  cors-doctor verify cors-policy.json
  cors-doctor verify cors-policy.json --server http://localhost:3000=https://staging.example.com --junit cors.xml
  cors-doctor verify cors-doctor-report.json --json

Exit codes: 0 every check holds, 1 a check fails, 2 a usage or input error, or a network error
(DNS, refused, reset, TLS, timeout: failed, not CORS).`;

/** Runs verify with `transport` (tests pass their own). */
export async function runVerify(args: readonly string[], io: CliIo, transport?: Transport): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "verify needs the policy file (or a report, or a HAR)" : "verify takes one file");
  const path = positionals[0]!;
  const settings = networkSettings(values);
  const targets = serverTargets(values.server ?? []);
  const lines = parseHeaderLines(values.header ?? []);
  const cookie = lines.filter((line) => line.name.toLowerCase() === "cookie").map((line) => line.value).join("; ");
  const given = new Map(lines.filter((line) => line.name.toLowerCase() !== "cookie").map((line) => [line.name.toLowerCase(), line.value]));
  const text = new TextDecoder().decode(await io.readFile(path));
  const input = readVerifyInput(text, path, new Date());
  const only = new Set((values.only ?? []).map((origin) => origin.replace(/\/$/, "")));
  const servers = input.policy.servers.filter((server) => only.size === 0 || only.has(server.origin));
  if (servers.length === 0) throw new UsageError(only.size > 0 ? `${path} has no server ${[...only].join(", ")} (it has ${input.policy.servers.map((server) => server.origin).join(", ")})` : `${path} names no server to verify`);
  for (const recorded of targets.keys()) {
    if (!servers.some((server) => server.origin === recorded)) io.err(`note: --server ${recorded}=…: ${path} has no server ${recorded}`);
  }
  const plans = servers.map((server) => serverChecks(server, targets.get(server.origin) ?? server.origin, given));
  for (const plan of plans) refuseProxied(plan.target, io.env);
  const total = plans.reduce((sum, plan) => sum + plan.checks.length, 0);
  io.err(`verify: ${total} checks on ${plans.length} server${plans.length === 1 ? "" : "s"} from ${path} (${input.kind}), at most ${settings.rate} requests a second`);
  const results = await runChecks(plans, transport ?? limitedNodeTransport(settings, io.env), { sendActual: values["send-actual"] === true, ...(cookie !== "" ? { cookie } : {}) });
  io.out(values.json ? verifyJson(results) : verifyTable(results, io));
  if (values.junit !== undefined) await io.writeFile(values.junit, verifyJunit(results));
  const summary = summarize(results);
  if (summary.errors > 0) return 2;
  return summary.failed > 0 ? 1 : 0;
}

export const verifyCommand: Command = {
  name: "verify",
  summary: "the CI gate: each server allows what its pages need, and nothing more",
  help: HELP,
  run: (args, io) => runVerify(args, io),
};
