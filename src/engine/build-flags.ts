// What a bundle of the engine judges. The Chrome extension's worker and devtools page only ever see
// Chromium's exchanges: their build (vite.config.ts) sets JUDGES_FIREFOX to false, which leaves
// Firefox's reason texts (firefox-reasons.ts) out of them. Everywhere else (the Firefox build, the
// panel's HAR import in either build, the CLI, tests, the bench) it is true: a Firefox exchange gets
// Firefox's reason. A Firefox exchange judged where it is false would only lack that reason.
export const JUDGES_FIREFOX: boolean = true;
