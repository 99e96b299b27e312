// The Firefox variant of manifest.json: an event page instead of a service worker, Gecko's id and
// minimum version, and nothing Chrome-only. Firefox 115 is the first ESR with MV3 and storage.session.
export const GECKO_ID = "cors-doctor@cors-doctor.dev";
export const GECKO_MIN_VERSION = "115.0";

export function firefoxManifest(chrome) {
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = chrome;
  const worker = background?.service_worker;
  return {
    ...rest,
    // crxjs (browser: "firefox") points background.scripts at its loader, as it does for Chrome.
    ...(worker ? { background: { scripts: [worker], type: background.type ?? "module" } } : {}),
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
