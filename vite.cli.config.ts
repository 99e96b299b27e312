// The command line, built for Node 20 into one file, dist-cli/cors-doctor.mjs (package.json "bin"):
// the engine, the fixes, the report and the HAR reader bundled in, Node's own modules left out.
import { defineConfig } from "vite";

export default defineConfig({
  publicDir: false,
  build: {
    ssr: "src/cli/bin.ts",
    outDir: "dist-cli",
    emptyOutDir: true,
    target: "node20",
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { entryFileNames: "cors-doctor.mjs", banner: "#!/usr/bin/env node" } },
  },
  ssr: { target: "node", noExternal: true },
});
