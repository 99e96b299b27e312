// A large HAR for the import figures: DevTools' own Export HAR of the lab (test/fixtures/har,
// written by Chromium, never hand-built) repeated until it has `count` entries. Each copy's URLs
// get `cd-copy=<n>` (redirect targets and preflight initiators too, so preflights and hops still
// pair within their copy), its request ids a suffix, and its times a shift past the copy before.
// Response bodies are then lengthened evenly until the file is about `bytes` long (a real export
// carries the bodies; the reader reads past them), so the figure is for a file of that size.
import { readFileSync } from "node:fs";

const SOURCE = "test/fixtures/har/chromium-full.har";

type Json = Record<string, unknown>;

function withCopy(url: string, copy: number): string {
  if (!url) return url;
  const hash = url.indexOf("#");
  const [base, fragment] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ""];
  return `${base}${base.includes("?") ? "&" : "?"}cd-copy=${copy}${fragment}`;
}

function copyEntry(entry: Json, copy: number, shiftMs: number): Json {
  const request = entry.request as Json;
  const response = entry.response as Json;
  const initiator = entry._initiator as Json | undefined;
  const started = Date.parse(String(entry.startedDateTime));
  return {
    ...entry,
    startedDateTime: new Date(started + shiftMs).toISOString(),
    request: { ...request, url: withCopy(String(request.url), copy) },
    response: { ...response, redirectURL: withCopy(String(response.redirectURL ?? ""), copy) },
    ...(initiator
      ? {
          _initiator: {
            ...initiator,
            ...(typeof initiator.url === "string" ? { url: withCopy(initiator.url, copy) } : {}),
            ...(typeof initiator.requestId === "string" ? { requestId: `${initiator.requestId}-c${copy}` } : {}),
          },
        }
      : {}),
  };
}

export interface LargeHar {
  readonly text: string;
  readonly entries: number;
  readonly copies: number;
  readonly source: string;
}

/** Appends `pad` characters to the entry's response body (content.text). */
function padBody(entry: Json, pad: number): Json {
  if (pad <= 0) return entry;
  const response = entry.response as Json;
  const content = (response.content ?? {}) as Json;
  const text = `${typeof content.text === "string" ? content.text : ""}${" ".repeat(pad)}`;
  return { ...entry, response: { ...response, content: { ...content, size: text.length, text } } };
}

export function largeHar(count = 10_000, bytes = 50 * 1_048_576): LargeHar {
  const har = JSON.parse(readFileSync(SOURCE, "utf8")) as { log: Json & { entries: Json[] } };
  const source = har.log.entries;
  const times = source.map((entry) => Date.parse(String(entry.startedDateTime)));
  const span = Math.max(...times) - Math.min(...times) + 1_000;
  const entries: Json[] = [];
  let copies = 0;
  for (let copy = 0; entries.length < count; copy += 1) {
    copies += 1;
    for (const entry of source) {
      if (entries.length === count) break;
      entries.push(copy === 0 ? entry : copyEntry(entry, copy, copy * span));
    }
  }
  const unpadded = Buffer.byteLength(JSON.stringify({ log: { ...har.log, entries } }));
  const pad = Math.floor((bytes - unpadded) / entries.length);
  const text = JSON.stringify({ log: { ...har.log, entries: entries.map((entry) => padBody(entry, pad)) } });
  return { text, entries: entries.length, copies, source: SOURCE };
}
