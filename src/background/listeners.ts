// Registers the four webRequest listeners CORS Doctor needs, and nothing more: each registered
// event costs page-load time even with an empty handler, and `extraHeaders` costs more, so it is
// asked for only on the two header events (without it Chromium hides preflights and `Origin`).
import { webRequestApi } from "../shared/browser";
import type { WebRequestHandlers } from "./webrequest-types";

const FILTER = { urls: ["http://*/*", "https://*/*"] };

/** Chrome needs "extraHeaders"; Firefox has no such option and rejects unknown ones. */
function extraHeaders(web: object): ["extraHeaders"] | [] {
  const options = (web as { OnSendHeadersOptions?: Record<string, string> }).OnSendHeadersOptions;
  return options && Object.values(options).includes("extraHeaders") ? ["extraHeaders"] : [];
}

/**
 * A switch that adds (true) or removes (false) the four listeners `handlers` gives it. The API is
 * looked up at each change: it exists only while *Record always* is granted (a revocation takes
 * it, and the listeners, away), so without it the switch does nothing and says so (false).
 */
export function createListenerSwitch(): (listening: boolean, handlers: WebRequestHandlers) => boolean {
  let listening = false;
  return (on, handlers) => {
    if (on === listening) return listening;
    const web = webRequestApi();
    if (!web) {
      listening = false;
      return false;
    }
    const extra = extraHeaders(web);
    const { onSendHeaders: onSend, onHeadersReceived: onHeaders, onCompleted, onErrorOccurred: onError } = handlers;
    listening = on;
    if (on) {
      web.onSendHeaders.addListener(onSend, FILTER, ["requestHeaders", ...extra]);
      web.onHeadersReceived.addListener(onHeaders, FILTER, ["responseHeaders", ...extra]);
      web.onCompleted.addListener(onCompleted, FILTER);
      web.onErrorOccurred.addListener(onError, FILTER);
    } else {
      try {
        web.onSendHeaders.removeListener(onSend);
        web.onHeadersReceived.removeListener(onHeaders);
        web.onCompleted.removeListener(onCompleted);
        web.onErrorOccurred.removeListener(onError);
      } catch {
        // Revoked already: the browser took the listeners with the permission.
      }
    }
    return listening;
  };
}
