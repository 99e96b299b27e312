// Figure 6: what each part of the built extension loads, gzipped: the entry file and every file it
// imports statically (shared chunks count for each part that loads them).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

export interface BundleFigure {
  readonly part: string;
  readonly entry: string;
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly gzip: number }[];
  readonly bytes: number;
  readonly gzip: number;
}

const PARTS: readonly (readonly [string, string])[] = [
  ["worker", "service-worker-loader.js"],
  ["panel", "src/panel/index.html"],
  ["popup", "src/popup/index.html"],
  ["devtools page", "src/devtools/index.html"],
];

function references(file: string, text: string): string[] {
  const found: string[] = [];
  const patterns = file.endsWith(".html")
    ? [/<script[^>]*\ssrc="([^"]+)"/g, /<link[^>]*\shref="([^"]+)"/g]
    : [/\bimport\s*[^"'()]*?from\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found.filter((ref) => !/^[a-z]+:/i.test(ref));
}

function closure(distDirectory: string, entry: string): string[] {
  const root = resolve(distDirectory);
  const seen = new Set<string>();
  const queue = [join(root, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    if (!/\.(html|js)$/.test(file)) continue;
    for (const ref of references(file, readFileSync(file, "utf8"))) {
      queue.push(ref.startsWith("/") ? join(root, ref) : resolve(dirname(file), ref));
    }
  }
  return [...seen].map((file) => relative(root, file));
}

export function measureBundles(distDirectory: string): BundleFigure[] {
  return PARTS.map(([part, entry]) => {
    const files = closure(distDirectory, entry).map((file) => {
      const content = readFileSync(join(distDirectory, file));
      return { file, bytes: content.length, gzip: gzipSync(content).length };
    });
    if (files.length === 0) throw new Error(`${entry} not found in the build`);
    return {
      part,
      entry,
      files,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      gzip: files.reduce((sum, f) => sum + f.gzip, 0),
    };
  });
}
