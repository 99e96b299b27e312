// Firefox build, the extension's isolated world (document_start, every frame): relays the page
// script's credentials reports (page.iife.ts) to the background while CORS Doctor is recording
// (the background keeps RECORDING_KEY in storage.local up to date).
import { ext } from "../shared/browser";
import { HINT_EVENT, RECORDING_KEY } from "../shared/messages";
import { HintRelay, RELAY_BATCH_MS } from "./relay";

const relay = new HintRelay({
  send: (message) => void ext.runtime.sendMessage(message).catch(() => undefined),
  // One message per tenth of a second at most: a message per call cost sequential fetches time.
  later: (task) => setTimeout(task, RELAY_BATCH_MS),
  now: () => Date.now(),
});

document.addEventListener(HINT_EVENT, (event) => relay.receive((event as CustomEvent<unknown>).detail), true);
ext.storage.local
  .get(RECORDING_KEY)
  .then((stored) => relay.setRecording(stored[RECORDING_KEY] === true))
  .catch(() => relay.setRecording(false));
ext.storage.onChanged.addListener((changes, area) => {
  const change = changes[RECORDING_KEY];
  if (area === "local" && change) relay.setRecording(change.newValue === true);
});
