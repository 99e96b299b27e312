// Firefox build, the page's own world (content_scripts "world": "MAIN", document_start, every
// frame): installs the credentials witness before any page script runs, and hands each report to
// the extension's relay (relay.iife.ts, the isolated world) as a DOM event on the document. The
// natives it needs are taken now, before the page can replace them.
import { HINT_EVENT } from "../shared/messages";
import { installCredentialsWitness } from "./page-witness";

const NativeCustomEvent = CustomEvent;
const dispatch = EventTarget.prototype.dispatchEvent;
const stringify = JSON.stringify;
const target = document;

installCredentialsWitness(window, (hint) => {
  Reflect.apply(dispatch, target, [new NativeCustomEvent(HINT_EVENT, { detail: stringify(hint) })]);
});
