// `cors-doctor har <file>`: a HAR file (Chrome's or Firefox's "Export HAR", or another tool's) →
// the same diagnosis the panel gives: each blocked request and each server's policy and fix.
// Reading is src/har, judging src/engine (through harReport), fixes src/fixes: this is glue.
import { STACKS } from "../../fixes/index";
import { completeReport, type ServerReport } from "../../fixes/servers";
import { HarError, harReport, readHar, type HarNotice, type HarReadResult } from "../../har/reader";
import type { CredentialsChoice } from "../../har/types";
import type { Report, ReportEntry } from "../../report/types";
import { InputError, oneOf, parseCommandArgs, UsageError, type Command, type ExitCode } from "../command";
import { paint, type CliIo } from "../io";
import { formatHar } from "./har-format";

const CREDENTIALS: readonly CredentialsChoice[] = ["auto", "include", "omit"];

const HELP = `Usage: cors-doctor har <file.har> [--json] [--all] [--credentials auto|include|omit] [--stack <id>]

Reads a HAR file and says why the browser blocked each cross-origin request in it, with
Chromium's own CORS error code and failedParameter, what the browser expected next to what the
server sent, and the CORS policy and fix each server needs (as the CORS panel's server view).

The file: Chrome/Edge DevTools → Network → Export HAR (sanitized or with sensitive data),
Firefox DevTools → Network → Save All As HAR. Other tools' HAR (Playwright, Charles, Fiddler,
mitmproxy, Safari) are judged from their headers alone, and say so.

Options:
  --json                 print the report (docs/report-format.md) instead of text
  --all                  list the requests that were let through too (text)
  --credentials <mode>   auto (default): from Cookie or Sec-Fetch-Storage-Access where the file
                         has them, else assumed and said so; include or omit: judge every request
                         with that credentials mode where the file does not show it
  --stack <id>           the server stack whose fix to print (default: the one detected or the
                         layer that should own CORS). Ids: ${STACKS.map((stack) => stack.id).join(", ")}
  -h, --help             this help

What the file could not tell goes to stderr; results to stdout.

Exit codes: 0 nothing blocked, 1 a request was blocked, 2 the file cannot be read (not JSON, not a
HAR, truncated) or a usage error.

Examples:
  cors-doctor har support-ticket.har
  cors-doctor har capture.har --all --stack nginx
  cors-doctor har capture.har --credentials include
  cors-doctor har capture.har --json > report.json`;

export const harCommand: Command = {
  name: "har",
  summary: "diagnose the cross-origin requests of a HAR file (Chrome's or Firefox's Export HAR)",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: "boolean" },
      all: { type: "boolean" },
      credentials: { type: "string" },
      stack: { type: "string" },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "a HAR file is required" : `one HAR file at a time (got ${positionals.length})`);
    const file = positionals[0]!;
    const credentials = oneOf("credentials", values.credentials, CREDENTIALS, "auto");
    const stack = values.stack;
    if (stack !== undefined && !STACKS.some((each) => each.id === stack)) {
      throw new UsageError(`--stack must be one of ${STACKS.map((each) => each.id).join(", ")} (got '${stack}')`);
    }
    const result = readFileAsHar(file, await readBytes(io, file), credentials);
    printNotices(result.notices, io);
    const report = completeReport(harReport(result));
    if (values.json === true) io.out(JSON.stringify(jsonReport(report, result, file, stack), null, 2));
    else io.out(formatHar({ file, creator: result.creator, entryCount: result.entryCount, entries: report.entries, servers: report.servers, all: values.all === true, ...(stack ? { stack } : {}) }, io));
    return exitCodeOf(report.entries);
  },
};

async function readBytes(io: CliIo, file: string): Promise<Uint8Array> {
  try {
    return await io.readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : error instanceof Error ? error.message : String(error);
    throw new InputError(`cannot read ${file}: ${why}`);
  }
}

function readFileAsHar(file: string, bytes: Uint8Array, credentials: CredentialsChoice): HarReadResult {
  try {
    return readHar(new TextDecoder("utf-8").decode(bytes), { credentials });
  } catch (error) {
    if (error instanceof HarError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
}

function printNotices(notices: readonly HarNotice[], io: CliIo): void {
  for (const notice of notices) io.err(`${notice.level === "warning" ? paint(io, "yellow", "warning") : paint(io, "cyan", "note")}: ${notice.message}`);
}

type CompletedReport = ReturnType<typeof completeReport<ReturnType<typeof harReport>>>;

/** The report format (compact: each server's fixes once, as the panel's export), with where it came from. */
function jsonReport(report: CompletedReport, result: HarReadResult, file: string, stack: string | undefined): Report & { readonly source: HarSource } {
  const servers: ServerReport[] = report.servers.map((server) => (stack === undefined ? server : { ...server, fixes: server.fixes.filter((fix) => fix.stack === stack) }));
  const entries: ReportEntry[] = report.entries.map((entry) => (entry.fixes.length === 0 ? entry : { ...entry, fixes: [] }));
  return {
    format: report.format,
    version: report.version,
    generatedAt: report.generatedAt,
    entries,
    servers,
    fixesPerServer: true,
    source: { kind: "har", file, creator: result.creator, flavor: result.flavor, entryCount: result.entryCount, notices: result.notices },
  };
}

/** What a report read from a HAR adds: the file, its writer, and what it could not tell. */
interface HarSource {
  readonly kind: "har";
  readonly file: string;
  readonly creator: string;
  readonly flavor: HarReadResult["flavor"];
  readonly entryCount: number;
  readonly notices: readonly HarNotice[];
}

function exitCodeOf(entries: readonly ReportEntry[]): ExitCode {
  return entries.some((entry) => entry.blocked) ? 1 : 0;
}
