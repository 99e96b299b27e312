// The command line, built for Node 20 into one file, dist-cli/cors-doctor.mjs (package.json "bin"):
// the engine, the fixes, the report and the HAR reader bundled in, Node's own modules left out.
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vite";

const OUT_DIR = "dist-cli";
const BIN = "cors-doctor.mjs";

/** npm marks a bin executable only when it installs a package: a rebuild must do it itself. */
const executable = (): Plugin => ({
  name: "cors-doctor-executable",
  apply: "build",
  writeBundle() {
    chmodSync(join(OUT_DIR, BIN), 0o755);
  },
});

export default defineConfig({
  publicDir: false,
  plugins: [executable()],
  build: {
    ssr: "src/cli/bin.ts",
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: "node20",
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: BIN, banner: "#!/usr/bin/env node" } },
  },
  ssr: { target: "node", noExternal: true },
});
