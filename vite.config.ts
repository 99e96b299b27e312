import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { crx } from "@crxjs/vite-plugin";
import manifest from "./manifest.json" with { type: "json" };
import { firefoxManifest } from "./scripts/firefox-manifest.mjs";

// `vite build` makes the Chrome build in dist/; `vite build --mode firefox` the Firefox one in dist-firefox/.
export default defineConfig(({ mode }) => {
  const firefox = mode === "firefox";
  return {
    // Chrome's own promise-based `chrome` in place of the polyfill (src/shared/chrome-api.ts).
    resolve: firefox ? {} : { alias: { "webextension-polyfill": fileURLToPath(new URL("./src/shared/chrome-api.ts", import.meta.url)) } },
    plugins: [
      preact(),
      firefox
        ? crx({ manifest: firefoxManifest(manifest), browser: "firefox" })
        : crx({ manifest }),
    ],
    build: {
      outDir: firefox ? "dist-firefox" : "dist",
      emptyOutDir: true,
      target: firefox ? "firefox128" : "chrome120",
      modulePreload: { polyfill: false },
      // crxjs only follows pages named in the manifest; the panel is opened from code.
      rollupOptions: { input: { panel: "src/panel/index.html" } },
    },
  };
});
