import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import preact from "@preact/preset-vite";
import { crx } from "@crxjs/vite-plugin";
import manifest from "./manifest.json" with { type: "json" };
import { firefoxManifest } from "./scripts/firefox-manifest.mjs";

const BUILD_FLAGS = fileURLToPath(new URL("./src/engine/build-flags.ts", import.meta.url));

/**
 * Chrome's worker and devtools page judge Chromium's exchanges only (src/engine/build-flags.ts).
 * A plugin of the main build: the panel's HAR import runs in a Web Worker, bundled without these
 * plugins, and keeps Firefox's reasons for a Firefox HAR.
 */
const chromiumOnlyJudge = {
  name: "chromium-only-judge",
  enforce: "pre" as const,
  transform(code: string, id: string) {
    if (id !== BUILD_FLAGS) return null;
    const flag = /\bJUDGES_FIREFOX(\s*:\s*boolean)?\s*=\s*true\b/;
    if (!flag.test(code)) throw new Error(`chromium-only-judge: JUDGES_FIREFOX not found in ${id}`);
    return code.replace(flag, "JUDGES_FIREFOX = false");
  },
};

// `vite build` makes the Chrome build in dist/; `vite build --mode firefox` the Firefox one in dist-firefox/.
export default defineConfig(({ mode }) => {
  const firefox = mode === "firefox";
  return {
    // Chrome's own promise-based `chrome` in place of the polyfill (src/shared/chrome-api.ts).
    resolve: firefox ? {} : { alias: { "webextension-polyfill": fileURLToPath(new URL("./src/shared/chrome-api.ts", import.meta.url)) } },
    // Firefox-only parts of the worker (the credentials witness) are left out of Chrome's build.
    define: { __FIREFOX_BUILD__: JSON.stringify(firefox) },
    plugins: [
      ...(firefox ? [] : [chromiumOnlyJudge]),
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
