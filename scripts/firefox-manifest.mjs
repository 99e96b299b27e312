// The Firefox variant of manifest.json: an event page instead of a service worker, Gecko's id and
// minimum version, the credentials witness (content scripts Chromium does not need: its events show
// the credentials mode), and nothing Chrome-only. Firefox 128 is the first ESR that runs content
// scripts in the page's world ("world": "MAIN"), which the witness needs.
export const GECKO_ID = "cors-doctor@cors-doctor.dev";
export const GECKO_MIN_VERSION = "128.0";

/** The credentials witness (docs/firefox.md): the page-world wrapper and its isolated-world relay. */
export const WITNESS_SCRIPTS = [
  { matches: ["<all_urls>"], js: ["src/content/page.iife.ts"], run_at: "document_start", all_frames: true, world: "MAIN" },
  { matches: ["<all_urls>"], js: ["src/content/relay.iife.ts"], run_at: "document_start", all_frames: true },
];

export function firefoxManifest(chrome) {
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = chrome;
  const worker = background?.service_worker;
  return {
    ...rest,
    // crxjs (browser: "firefox") points background.scripts at its loader, as it does for Chrome.
    ...(worker ? { background: { scripts: [worker], type: background.type ?? "module" } } : {}),
    content_scripts: [...(rest.content_scripts ?? []), ...WITNESS_SCRIPTS],
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // It sends nothing anywhere: no network request of its own.
        data_collection_permissions: { required: ["none"] },
      },
    },
  };
}
