// Defined at build time (vite.config.ts, vitest.config.ts): true in the Firefox build.
declare const __FIREFOX_BUILD__: boolean;
