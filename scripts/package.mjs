// Zips the Chrome build (dist/) and the Firefox build (dist-firefox/) into packages/, ready to
// upload to the Chrome Web Store and addons.mozilla.org. A small zip writer on node:zlib, so no
// `zip` binary or extra dependency is needed; entries are sorted and dated 1980-01-01 so the same
// build gives the same bytes.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { deflateRawSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function filesUnder(root) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(path);
    }
  };
  walk(root);
  return found;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/** A zip archive (deflate, no zip64) of every file under `root`, with `/`-separated names. */
export function zipFolder(root) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const path of filesUnder(root)) {
    const name = Buffer.from(relative(root, path).split(sep).join("/"), "utf8");
    const data = readFileSync(path);
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(stored ? 0 : 8, 8);
    header.writeUInt16LE(0, 10); // time
    header.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    header.copy(central, 6, 4, 30); // version needed … name length
    central.writeUInt16LE(0, 30); // extra length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(header, name, body);
    centrals.push(central, name);
    offset += header.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function packageBuild(folder, browser, outDir) {
  const manifest = JSON.parse(readFileSync(join(folder, "manifest.json"), "utf8"));
  const file = join(outDir, `cors-doctor-${browser}-${manifest.version}.zip`);
  const zip = zipFolder(folder);
  writeFileSync(file, zip);
  return { file, bytes: zip.length, permissions: [...manifest.permissions, ...(manifest.host_permissions ?? [])] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = "packages";
  mkdirSync(outDir, { recursive: true });
  for (const [folder, browser] of [["dist", "chrome"], ["dist-firefox", "firefox"]]) {
    try {
      statSync(join(folder, "manifest.json"));
    } catch {
      console.error(`${folder}/manifest.json is missing: run \`npm run build\` and \`npm run build:firefox\` first.`);
      process.exit(1);
    }
    const made = packageBuild(folder, browser, outDir);
    console.log(`${made.file}  ${(made.bytes / 1024).toFixed(1)} KiB  permissions: ${made.permissions.join(", ")}`);
  }
}
