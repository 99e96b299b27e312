// verify's input: a policy file (Export policy), the panel's JSON report (docs/report-format.md),
// or a HAR; each becomes the policy file's servers. `--server recorded=target` points a recorded
// server elsewhere (staging, production).
import { isExactOrigin } from "../fixes/policy-values";
import { policyFile, PolicyFileError, POLICY_FORMAT, readPolicyFile, type PolicyFile } from "../fixes/policy-file";
import { serverReports, type ServerEntry } from "../fixes/servers";
import { REPORT_FORMAT } from "../report/types";
import { InputError, UsageError } from "./command";
import { harServers } from "./verify-har";

export type InputKind = "policy" | "report" | "har";

export interface VerifyInput {
  readonly kind: InputKind;
  readonly policy: PolicyFile;
}

function parse(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}): give a policy file (the panel's Export policy), the panel's JSON report, or a HAR`);
  }
}

function fromEntries(entries: readonly ServerEntry[], now: Date): PolicyFile {
  return policyFile(serverReports(entries), entries, now);
}

/** The policy a file describes, whichever of the three it is. */
export function readVerifyInput(text: string, path: string, now: Date): VerifyInput {
  const value = parse(text, path);
  const format = (value as { format?: unknown } | null)?.format;
  try {
    if (format === POLICY_FORMAT) return { kind: "policy", policy: readPolicyFile(value) };
  } catch (error) {
    if (error instanceof PolicyFileError) throw new InputError(`${path}: ${error.message}`);
    throw error;
  }
  if (format === REPORT_FORMAT) {
    const entries = (value as { entries?: unknown }).entries;
    if (!Array.isArray(entries)) throw new InputError(`${path}: a cors-doctor report needs an "entries" array`);
    try {
      return { kind: "report", policy: fromEntries(entries as ServerEntry[], now) };
    } catch (error) {
      throw new InputError(`${path}: its entries are not in the report format (docs/report-format.md): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof (value as { log?: unknown } | null)?.log === "object") return { kind: "har", policy: fromEntries(harServers(value, path), now) };
  throw new InputError(`${path} is neither a policy file ("format": "${POLICY_FORMAT}"), a cors-doctor report ("format": "${REPORT_FORMAT}") nor a HAR ("log")`);
}

/** `--server recorded=target` pairs, each an origin. */
export function serverTargets(pairs: readonly string[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const pair of pairs) {
    const [from = "", to = ""] = pair.split(/=(.*)/s);
    const recorded = from.replace(/\/$/, "");
    const target = to.replace(/\/$/, "");
    if (!isExactOrigin(recorded) || !isExactOrigin(target)) throw new UsageError(`--server takes <recorded origin>=<target origin>, e.g. http://localhost:3000=https://staging.example.com (got '${pair}')`);
    targets.set(recorded, target);
  }
  return targets;
}
