// The store packages: the zip writer makes archives any unzip reads back byte for byte, and the
// Firefox manifest is Chrome's with only the Firefox differences.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { firefoxManifest, GECKO_ID } from "../../scripts/firefox-manifest.mjs";
import { crc32, zipFolder } from "../../scripts/package.mjs";

interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly crc: number;
}

/** Reads a zip through its central directory, as unzip tools do. */
function readZip(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    entries.push({ name, crc, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const root = mkdtempSync(join(tmpdir(), "cors-doctor-zip-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("zipFolder", () => {
  it("stores every file under its relative path with its exact bytes and CRC", () => {
    mkdirSync(join(root, "src", "panel"), { recursive: true });
    const files: Record<string, Buffer> = {
      "manifest.json": Buffer.from('{"manifest_version":3}'),
      "src/panel/index.html": Buffer.from("<!doctype html>".repeat(200)),
      "icons.bin": Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)),
      "empty.txt": Buffer.alloc(0),
    };
    for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);

    const entries = readZip(zipFolder(root));
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(files).sort());
    for (const entry of entries) {
      expect(entry.data.equals(files[entry.name] ?? Buffer.alloc(1))).toBe(true);
      expect(entry.crc).toBe(crc32(entry.data));
    }
  });

  it("gives the same bytes for the same folder", () => {
    expect(zipFolder(root).equals(zipFolder(root))).toBe(true);
  });

  it("computes the standard CRC-32", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });
});

describe("firefoxManifest", () => {
  const chrome = JSON.parse(readFileSync("manifest.json", "utf8")) as Record<string, unknown> & {
    background: { service_worker: string };
  };
  const firefox = firefoxManifest(chrome) as Record<string, unknown>;

  it("uses an event page, Gecko's settings, and drops the Chrome-only key", () => {
    expect(firefox.background).toEqual({ scripts: [chrome.background.service_worker], type: "module" });
    expect(firefox.browser_specific_settings).toMatchObject({ gecko: { id: GECKO_ID, strict_min_version: "128.0" } });
    expect(firefox).not.toHaveProperty("minimum_chrome_version");
  });

  it("adds the credentials witness, the page-world half first, in every frame from document_start", () => {
    expect(chrome).not.toHaveProperty("content_scripts");
    expect(firefox.content_scripts).toEqual([
      expect.objectContaining({ js: ["src/content/page.iife.ts"], world: "MAIN", run_at: "document_start", all_frames: true }),
      expect.objectContaining({ js: ["src/content/relay.iife.ts"], run_at: "document_start", all_frames: true }),
    ]);
    expect((firefox.content_scripts as Record<string, unknown>[])[1]).not.toHaveProperty("world");
  });

  it("keeps the permissions, host access and CSP exactly", () => {
    for (const key of ["permissions", "optional_permissions", "optional_host_permissions", "host_permissions", "content_security_policy", "devtools_page", "action", "version"]) {
      expect(firefox[key]).toEqual(chrome[key]);
    }
  });

  it("asks for no site access and no webRequest at install: Record always asks for both at run time", () => {
    expect(chrome.permissions).toEqual(["storage"]);
    expect(chrome).not.toHaveProperty("host_permissions");
    expect(chrome.optional_permissions).toEqual(["webRequest"]);
    expect(chrome.optional_host_permissions).toEqual(["http://*/*", "https://*/*"]);
    expect(chrome.devtools_page).toBe("src/devtools/index.html");
  });
});
