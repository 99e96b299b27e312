// The setup every real-browser test file shares: the CORS lab and one Chromium (with the built
// extension, or none), started before the tests of the describe block that asks for them and
// closed after its own afterAll hooks.
import { afterAll, beforeAll } from "vitest";
import { launchChromium, type LaunchedBrowser, type LaunchOptions } from "../../helpers/chromium";
import { startLab, type Lab } from "../../lab/server";

export interface LabAndChromium {
  readonly lab: Lab;
  readonly browser: LaunchedBrowser;
}

/** Call inside describe(); `options` (or a function of the started lab) says how to launch Chromium. */
export function labAndChromium(options: LaunchOptions | ((lab: Lab) => LaunchOptions) = {}): LabAndChromium {
  let lab: Lab | undefined;
  let browser: LaunchedBrowser | undefined;
  beforeAll(async () => {
    lab = await startLab();
    browser = await launchChromium(typeof options === "function" ? options(lab) : options);
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.close();
  });
  return {
    get lab(): Lab {
      if (!lab) throw new Error("the lab is not started yet (use it in a test or hook)");
      return lab;
    },
    get browser(): LaunchedBrowser {
      if (!browser) throw new Error("Chromium is not launched yet (use it in a test or hook)");
      return browser;
    },
  };
}
