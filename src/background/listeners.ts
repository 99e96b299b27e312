// Registers the four webRequest listeners CORS Doctor needs, and nothing more: each registered
// event costs page-load time even with an empty handler, and `extraHeaders` costs more, so it is
// asked for only on the two header events (without it Chromium hides preflights and `Origin`).
import { ext } from "../shared/browser";
import type { Background } from "./background";

const FILTER = { urls: ["http://*/*", "https://*/*"] };

/** Chrome needs "extraHeaders"; Firefox has no such option and rejects unknown ones. */
function extraHeaders(): ["extraHeaders"] | [] {
  const options = (ext.webRequest as unknown as { OnSendHeadersOptions?: Record<string, string> }).OnSendHeadersOptions;
  return options && Object.values(options).includes("extraHeaders") ? ["extraHeaders"] : [];
}

export function createListenerSwitch(background: Background): (listening: boolean) => void {
  const extra = extraHeaders();
  const web = ext.webRequest;
  let listening = false;
  const { onSendHeaders: onSend, onHeadersReceived: onHeaders, onCompleted, onErrorOccurred: onError } = background;
  return (on) => {
    if (on === listening) return;
    listening = on;
    if (on) {
      web.onSendHeaders.addListener(onSend, FILTER, ["requestHeaders", ...extra]);
      web.onHeadersReceived.addListener(onHeaders, FILTER, ["responseHeaders", ...extra]);
      web.onCompleted.addListener(onCompleted, FILTER);
      web.onErrorOccurred.addListener(onError, FILTER);
    } else {
      web.onSendHeaders.removeListener(onSend);
      web.onHeadersReceived.removeListener(onHeaders);
      web.onCompleted.removeListener(onCompleted);
      web.onErrorOccurred.removeListener(onError);
    }
  };
}
