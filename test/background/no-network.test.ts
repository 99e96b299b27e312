// The extension never sends anything anywhere: no network API appears in its source.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|js|html)$/.test(name) ? [path] : [];
  });
}

// Fix snippets are server and page code held as text (a Cloudflare Worker calls fetch, the redirect
// advice shows the page's fetch call); the lint rule for src/fixes bans the real `fetch` global there.
const SNIPPET_SOURCES = [join("src", "fixes", "stacks"), join("src", "fixes", "redirect-advice.ts")];
// The Firefox build's credentials witness wraps the page's own fetch and XMLHttpRequest: it calls
// the originals only when the page does (test/content/page-witness.test.ts proves it), never on its own.
const WITNESS = join("src", "content", "page-witness.ts");
const checked = files("src").filter((path) => path !== WITNESS && !SNIPPET_SOURCES.some((snippets) => path.includes(snippets)));

describe("no network request of its own", () => {
  it.each(checked)("%s uses no network API", (path) => {
    const source = readFileSync(path, "utf8");
    expect(source).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|new WebSocket|EventSource|sendBeacon|importScripts|<script[^>]+src=["']https?:/);
  });
});
