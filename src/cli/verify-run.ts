// Runs verify's checks: each one is a probe (src/cli/probe-run.ts, judged by the engine), and its
// verdict against what the check expects becomes pass, fail (with the security finding when the
// server allows more than its policy), skip or error (a network failure: not CORS).
import { getHeader } from "../engine/headers";
import type { HeaderList } from "../engine/types";
import type { Transport } from "./http";
import { probe, type ProbeOutcome } from "./probe-run";
import type { ServerChecks, VerifyCheck } from "./verify-checks";

export type CheckStatus = "pass" | "fail" | "skip" | "error";

export interface CheckResult {
  readonly check: VerifyCheck;
  readonly status: CheckStatus;
  /** What happened, in words: the verdict, Chromium's code, the finding. */
  readonly detail: string;
  readonly verdict: string;
  readonly code: string | null;
  readonly failedParameter: string | null;
  /** A security finding (not-more checks): what the server allows that it should not. */
  readonly finding?: string;
  /** The preflight passed and the request itself was not sent (its method is not safe). */
  readonly actualWithheld: boolean;
}

export interface ServerResult {
  readonly origin: string;
  readonly target: string;
  readonly public: boolean;
  readonly results: readonly CheckResult[];
}

/** The answer that decided: the last response, else the last preflight's. */
function decidingHeaders(outcome: ProbeOutcome): HeaderList {
  const { exchange } = outcome;
  return exchange.response?.headers ?? exchange.redirects.at(-1)?.preflightAfter?.response?.headers ?? exchange.preflight?.response?.headers ?? [];
}

/** What the server allowed that it should not, in words, for a not-more check that was allowed. */
export function findingOf(check: VerifyCheck, headers: HeaderList): string {
  const allowOrigin = getHeader(headers, "Access-Control-Allow-Origin");
  const credentials = getHeader(headers, "Access-Control-Allow-Credentials") === "true";
  const origin = check.request.pageOrigin;
  if (origin === "null" && allowOrigin === "null") {
    return "allows the origin null (Access-Control-Allow-Origin: null): sandboxed iframes, file: pages and data: URLs of any site send Origin: null, so every site can read these responses" + (credentials ? ", with the user's cookies" : "");
  }
  if (allowOrigin === origin) {
    return credentials
      ? `reflects any origin with credentials (it answered ${origin} with Access-Control-Allow-Origin: ${origin} and Access-Control-Allow-Credentials: true): every site can read these responses as the signed-in user`
      : `reflects any origin (it answered ${origin}, which the policy does not list, with Access-Control-Allow-Origin: ${origin})`;
  }
  if (allowOrigin === "*" && credentials) {
    return "answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true: browsers refuse the credentialed reads, but the server means to share credentialed data with every origin, and the usual next step (reflecting the Origin) lets every site read it as the signed-in user";
  }
  if (allowOrigin === "*") return "answers Access-Control-Allow-Origin: * to every origin: if the data is public and needs no credentials, mark the server \"public\": true in the policy; otherwise list the origins";
  return `allowed a request the policy does not list (Access-Control-Allow-Origin: ${allowOrigin ?? "absent"})`;
}

function result(check: VerifyCheck, outcome: ProbeOutcome, status: CheckStatus, detail: string, finding?: string): CheckResult {
  const { diagnosis } = outcome;
  return {
    check,
    status,
    detail,
    verdict: outcome.actual === "withheld" && diagnosis.verdict !== "blocked" ? "preflight-allowed" : diagnosis.verdict,
    code: diagnosis.code ?? null,
    failedParameter: diagnosis.verdict === "blocked" ? (diagnosis.failedParameter ?? "") : null,
    actualWithheld: outcome.actual === "withheld",
    ...(finding ? { finding } : {}),
  };
}

function blockedDetail(outcome: ProbeOutcome): string {
  const { diagnosis } = outcome;
  const parameter = diagnosis.failedParameter ? ` (${diagnosis.failedParameter.slice(0, 100)})` : "";
  return `blocked: ${diagnosis.code ?? "?"}${parameter}: ${diagnosis.title}`;
}

/** The check's verdict against what it expects. */
export function judgeCheck(check: VerifyCheck, outcome: ProbeOutcome): CheckResult {
  const { diagnosis } = outcome;
  if (outcome.networkError !== undefined || diagnosis.verdict === "unrelated-failure") {
    return result(check, outcome, "error", `failed, not CORS: ${outcome.networkError ?? diagnosis.title}`);
  }
  const blocked = diagnosis.verdict === "blocked";
  const withheld = outcome.actual === "withheld" && !blocked;
  if (check.expect === "refused") {
    if (blocked) return result(check, outcome, "pass", `refused as it must be: ${diagnosis.code ?? ""}`);
    const finding = findingOf(check, decidingHeaders(outcome));
    return result(check, outcome, "fail", `${withheld ? "the preflight was allowed" : "allowed"}: the server ${finding}`, finding);
  }
  if (blocked) return result(check, outcome, "fail", blockedDetail(outcome));
  if (diagnosis.verdict !== "allowed" && !withheld) return result(check, outcome, "fail", `${diagnosis.verdict}: ${diagnosis.title}`);
  if (check.expect === "allowed-with-star") {
    const allowOrigin = getHeader(decidingHeaders(outcome), "Access-Control-Allow-Origin");
    if (allowOrigin !== "*") return result(check, outcome, "fail", `a public server must answer *; it answered Access-Control-Allow-Origin: ${allowOrigin ?? "absent"}`);
    if (getHeader(decidingHeaders(outcome), "Access-Control-Allow-Credentials") !== null) {
      const finding = "answers * with Access-Control-Allow-Credentials: a public server allows no credentials (browsers refuse * with them)";
      return result(check, outcome, "fail", finding, finding);
    }
  }
  return result(check, outcome, "pass", withheld ? `the preflight passes; the ${check.request.method} itself was not sent (--send-actual sends it)` : "allowed");
}

/** A simple POST (no preflight) is the request itself: sent only with --send-actual, else skipped. */
function skipped(check: VerifyCheck, outcome: ProbeOutcome): CheckResult | undefined {
  if (outcome.actual !== "withheld" || outcome.sent.length > 0) return undefined;
  return {
    check,
    status: "skip",
    detail: `not checked: a ${check.request.method} without a preflight is the request itself, sent only with --send-actual`,
    verdict: "not-sent",
    code: null,
    failedParameter: null,
    actualWithheld: true,
  };
}

/** Runs every check of every server (the transport limits rate and concurrency). */
export async function runChecks(servers: readonly ServerChecks[], transport: Transport, options: { sendActual: boolean; cookie?: string }): Promise<ServerResult[]> {
  const runOne = async (check: VerifyCheck): Promise<CheckResult> => {
    // A browser sends the user's cookie with every credentialed request, from any page.
    const cookie = check.request.credentials === "include" && options.cookie !== undefined ? { cookie: options.cookie } : {};
    // A not-more check is decided by its preflight: an unsafe request from an unlisted origin is never sent.
    const sendActual = options.sendActual && check.kind === "needed";
    const outcome = await probe(check.request, transport, { sendActual, ...cookie });
    return skipped(check, outcome) ?? judgeCheck(check, outcome);
  };
  return Promise.all(
    servers.map(async ({ server, target, checks }) => ({
      origin: server.origin,
      target,
      public: server.public,
      results: await Promise.all(checks.map(runOne)),
    })),
  );
}
