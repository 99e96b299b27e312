import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { crx } from "@crxjs/vite-plugin";
import manifest from "./manifest.json" with { type: "json" };

export default defineConfig({
  plugins: [preact(), crx({ manifest })],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "chrome120",
    modulePreload: { polyfill: false },
    // crxjs only follows pages named in the manifest; the panel is opened from code.
    rollupOptions: { input: { panel: "src/panel/index.html" } },
  },
});
