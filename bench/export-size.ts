// Export size per entry: 80 requests from one page to four servers (half of them blocked), as the
// report was before (every blocked entry carrying a fix for each of the 22 stacks) and in the
// compact form the panel exports now (each server's policy and fixes once). Run: npx tsx bench/export-size.ts
import { toReportEntry } from "../src/background/report";
import type { StoredEntry } from "../src/background/store";
import { completeEntries } from "../src/fixes/servers";
import { reportJson } from "../src/ui/export";
import { allowAll, answered, exchange, respond } from "../test/engine/fixtures";

const ACAO = "Access-Control-Allow-Origin";

export function exportSizes(count = 80): { entries: number; before: number; after: number } {
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
  return { entries: entries.length, before: reportJson(entries, when).length, after: reportJson(entries, when, reports).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { entries, before, after } = exportSizes();
  console.log(`${entries} entries: full form ${before} bytes (${Math.round(before / entries)} per entry), compact form ${after} bytes (${Math.round(after / entries)} per entry)`);
}
