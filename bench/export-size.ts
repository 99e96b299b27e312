// Export size per entry: 80 requests from one page to four servers (half of them blocked), as the
// report was before (every blocked entry carrying a fix for each of the 22 stacks) and in the
// compact form the panel exports now (each server's policy and fixes once). Run: npx tsx bench/export-size.ts
// (`--doc` also writes its section of docs/BENCHMARKS.md, in place of the one there; `npm run bench`
// measures it with everything else).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { toReportEntry } from "../src/background/report";
import { STACKS } from "../src/fixes/index";
import type { StoredEntry } from "../src/background/store";
import { completeEntries } from "../src/fixes/servers";
import { reportJson } from "../src/ui/export";
import { allowAll, answered, exchange, respond } from "../test/engine/fixtures";
import { exportSizeSection, replaceSection } from "./report";

const ACAO = "Access-Control-Allow-Origin";

export interface ExportSizeFigure {
  readonly entries: number;
  readonly servers: number;
  readonly stacks: number;
  /** Bytes of the full form (fixes on every blocked entry) and of the compact form. */
  readonly before: number;
  readonly after: number;
  /** Set when the figure was measured on its own (`npx tsx bench/export-size.ts --doc`), not by a whole run. */
  readonly measuredApart?: string;
}

export function exportSizes(count = 80): ExportSizeFigure {
  const servers = ["http://api.test:8080", "http://auth.test:8443", "https://cdn.test", "https://search.test"];
  const stored: StoredEntry[] = Array.from({ length: count }, (_, index) => {
    const server = servers[index % servers.length]!;
    const url = `${server}/api/items/${index}`;
    const blocked = index % 2 === 0;
    const method = ["GET", "PUT", "POST", "DELETE"][index % 4]!;
    const pageHeaders: Record<string, string> = method === "GET" ? {} : { "X-Request-Id": `r${index}`, "Content-Type": "application/json" };
    const preflighted = method !== "GET";
    const ex = exchange({
      url,
      method,
      pageHeaders,
      ...(preflighted ? { preflight: blocked ? answered(401) : answered(204, allowAll(method, ["x-request-id", "content-type"], false)) } : {}),
      ...(blocked ? { blocked: true } : { response: respond(200, { [ACAO]: "http://localhost:5173", "X-Powered-By": "Express" }, url) }),
    });
    return { id: String(index), tabId: 1, startedAt: 1_700_000_000_000 + index, exchange: ex, verdict: blocked ? "blocked" : "allowed" } as StoredEntry;
  });
  const { entries, servers: reports } = completeEntries(stored.map(toReportEntry));
  const when = new Date(0);
  return { entries: entries.length, servers: servers.length, stacks: STACKS.length, before: reportJson(entries, when).length, after: reportJson(entries, when, reports).length };
}

/** Puts the export-size section in docs/BENCHMARKS.md, replacing the one there (the other sections stay). */
function writeSection(size: ExportSizeFigure): void {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  const section = exportSizeSection({ ...size, measuredApart: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, code at ${commit}` });
  writeFileSync("docs/BENCHMARKS.md", replaceSection(readFileSync("docs/BENCHMARKS.md", "utf8"), section));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = exportSizes();
  const { entries, before, after } = size;
  console.log(`${entries} entries: full form ${before} bytes (${Math.round(before / entries)} per entry), compact form ${after} bytes (${Math.round(after / entries)} per entry)`);
  if (process.argv.includes("--doc")) writeSection(size);
}
