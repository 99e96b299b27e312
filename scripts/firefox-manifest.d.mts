export declare const GECKO_ID: string;
export declare const GECKO_MIN_VERSION: string;
/** The Firefox manifest made from Chrome's: background.scripts, browser_specific_settings.gecko, no minimum_chrome_version. */
export declare function firefoxManifest<M extends object>(chrome: M): M;
