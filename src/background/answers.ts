// Answers to the one-off requests of panels and popup: a tab's report, clearing, the extension's
// state, pausing and preserve-log.
import { assertNever, type ExtensionState, type Request, type ResponseMap } from "../shared/messages";
import { buildReport } from "./report";
import type { EntryStore } from "./store";

/** What answering reaches of the background. */
export interface Controls {
  readonly store: EntryStore;
  now(): number;
  state(): ExtensionState;
  updateState(state: ExtensionState): void;
  clearTab(tabId: number): void;
  setListening(listening: boolean): void;
}

export function answer(request: Request, controls: Controls): ResponseMap[Request["type"]] {
  const { store } = controls;
  switch (request.type) {
    case "get-report":
      return buildReport(store.entries(request.tabId), controls.now());
    case "clear":
      if (request.tabId === undefined) {
        for (const tabId of store.tabIds()) controls.clearTab(tabId);
      } else {
        controls.clearTab(request.tabId);
      }
      return { ok: true };
    case "get-state":
      return controls.state();
    case "set-paused":
      controls.updateState({ ...controls.state(), paused: request.paused });
      controls.setListening(!request.paused);
      return controls.state();
    case "set-preserve-log":
      controls.updateState({ ...controls.state(), preserveLog: request.preserveLog });
      return controls.state();
    default:
      return assertNever(request);
  }
}
