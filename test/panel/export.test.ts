import { describe, expect, it } from "vitest";
import { codeBlock, codeSpan, entryMarkdown, escapeMarkdown, exportFileName, reportJson, reportMarkdown, toReport } from "../../src/ui/export";
import { REPORT_FORMAT, REPORT_VERSION, type Report } from "../../src/shared/report";
import { ALL_FIXTURES, HOSTILE_IMG, hostileEntry, preflight401, putDisallowed, redirectMissingHeader, wildcardCredentials } from "../helpers/report-fixtures";

const WHEN = new Date("2026-11-25T14:30:05.123Z");

describe("JSON report", () => {
  it("wraps entries in the report format", () => {
    const report = toReport(ALL_FIXTURES, WHEN);
    expect(report).toEqual({ format: REPORT_FORMAT, version: REPORT_VERSION, generatedAt: "2026-11-25T14:30:05.123Z", entries: ALL_FIXTURES });
  });

  it("round-trips through JSON text", () => {
    const parsed = JSON.parse(reportJson([preflight401], WHEN)) as Report;
    expect(parsed.format).toBe("cors-doctor-report");
    expect(parsed.version).toBe(1);
    expect(parsed.entries).toEqual([preflight401]);
  });

  it("names files without characters file systems refuse", () => {
    expect(exportFileName(WHEN, "json")).toBe("cors-doctor-2026-11-25T14-30-05Z.json");
    expect(exportFileName(WHEN, "md")).toBe("cors-doctor-2026-11-25T14-30-05Z.md");
  });
});

describe("Markdown helpers", () => {
  it.each([
    ["plain words", "plain words"],
    ["<img src=x>", "\\<img src=x\\>"],
    ["a|b", "a\\|b"],
    ["[link](javascript:x)", "\\[link\\]\\(javascript:x\\)"],
    ["two\nlines", "two lines"],
  ])("escapeMarkdown(%j) → %j", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it.each([
    ["abc", "`abc`"],
    ["a`b", "``a`b``"],
    ["``x", "``` ``x ```"],
  ])("codeSpan(%j) → %j", (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it("fences code blocks longer than any backtick run inside", () => {
    expect(codeBlock("a ```` b", "js")).toBe("`````js\na ```` b\n`````");
    expect(codeBlock("x", "js\n<script>")).toBe("```jsscript\nx\n```");
  });
});

describe("entryMarkdown", () => {
  it("states the request, the Chromium error, the failing check and the fix", () => {
    const md = entryMarkdown(putDisallowed);
    expect(md).toContain("## PUT not in Access-Control-Allow-Methods");
    expect(md).toContain("- **Request:** `PUT https://api.example.test/v1/items/42`");
    expect(md).toContain("- **Chromium error:** `MethodDisallowedByPreflightResponse` (failedParameter `PUT`)");
    expect(md).toContain("| preflight | `Access-Control-Allow-Methods` | `PUT (or *)` | `GET, POST` | **FAILS** |");
    expect(md).toContain("### Suggested fix: Fastify \\(@fastify/cors\\)");
    expect(md).toContain('methods: ["GET", "POST", "PUT"]');
    expect(md).toContain("```sh\ncurl -i \\\n  -X OPTIONS");
  });

  it("reports absent headers, inferred facts and redirects", () => {
    expect(entryMarkdown(preflight401)).toMatch(/`Access-Control-Allow-Origin` \| `https:\/\/app\.example\.test` \| absent \| \*\*FAILS\*\*/);
    expect(entryMarkdown(wildcardCredentials)).toContain("### Inferred (not observed directly)");
    expect(entryMarkdown(wildcardCredentials)).toContain("credentials-mode: `include`");
    const redirect = entryMarkdown(redirectMissingHeader);
    expect(redirect).toContain("- **Final URL:** `https://files.example.test/report.csv`");
    expect(redirect).toMatch(/1\. redirect: `GET https:\/\/api\.example\.test\/old\/report` → 302/);
  });

  it("keeps hostile text out of live Markdown and HTML syntax", () => {
    const md = entryMarkdown(hostileEntry);
    const outsideCode = md.replace(/(`+)[^`]*?\1/g, "").replace(/^(`{3,})[\s\S]*?^\1/gm, "");
    expect(outsideCode).not.toContain(HOSTILE_IMG);
    expect(outsideCode).not.toMatch(/(^|[^\\])<script/i);
    expect(outsideCode).not.toMatch(/(^|[^\\])<img/);
  });
});

describe("reportMarkdown", () => {
  it("counts entries and includes each one", () => {
    const md = reportMarkdown(ALL_FIXTURES, WHEN);
    expect(md.startsWith("# CORS Doctor report\n\nGenerated 2026-11-25T14:30:05.123Z: 5 requests, 4 blocked.")).toBe(true);
    expect(md.match(/^## /gm)).toHaveLength(5);
  });
});
