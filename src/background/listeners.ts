// Registers the four webRequest listeners CORS Doctor needs, and nothing more: each registered
// event costs page-load time even with an empty handler, and `extraHeaders` costs more, so it is
// asked for only on the two header events (without it Chromium hides preflights and `Origin`).
import { ext } from "../shared/browser";
import type { WebRequestHandlers } from "./webrequest-types";

const FILTER = { urls: ["http://*/*", "https://*/*"] };

/** Chrome needs "extraHeaders"; Firefox has no such option and rejects unknown ones. */
function extraHeaders(): ["extraHeaders"] | [] {
  const options = (ext.webRequest as unknown as { OnSendHeadersOptions?: Record<string, string> }).OnSendHeadersOptions;
  return options && Object.values(options).includes("extraHeaders") ? ["extraHeaders"] : [];
}

/** A switch that adds (true) or removes (false) the four listeners `handlers` gives it. */
export function createListenerSwitch(): (listening: boolean, handlers: WebRequestHandlers) => void {
  const extra = extraHeaders();
  const web = ext.webRequest;
  let listening = false;
  return (on, handlers) => {
    if (on === listening) return;
    const { onSendHeaders: onSend, onHeadersReceived: onHeaders, onCompleted, onErrorOccurred: onError } = handlers;
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
