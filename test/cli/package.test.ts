// `cors-doctor` is ready to publish: `npm pack` holds the command line and its documents only, and
// the packed executable runs on its own, from a folder with no node_modules (everything it needs is
// bundled into dist-cli/cors-doctor.mjs).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json";

const dir = mkdtempSync(join(tmpdir(), "cors-doctor-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the published package", () => {
  it("packs the command line, its documents, README and LICENSE, nothing else", () => {
    const pack = spawnSync("npm", ["pack", "--json", "--pack-destination", dir], { encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const [manifest] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    expect(manifest!.files.map((file) => file.path).sort()).toEqual(
      ["LICENSE", "README.md", "dist-cli/cors-doctor.mjs", "docs/cli.md", "docs/har.md", "docs/report-format.md", "package.json"].sort(),
    );
    expect(packageJson.bin["cors-doctor"]).toBe("dist-cli/cors-doctor.mjs");

    const unpack = spawnSync("tar", ["-xzf", join(dir, manifest!.filename), "-C", dir], { encoding: "utf8" });
    expect(unpack.status, unpack.stderr).toBe(0);
    const run = spawnSync(process.execPath, [join(dir, "package", "dist-cli", "cors-doctor.mjs"), "--version"], { encoding: "utf8", cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(packageJson.version);
  }, 120_000);
});
