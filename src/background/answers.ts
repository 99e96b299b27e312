// Answers to the one-off requests of panels and popup: a tab's report, clearing, the extension's
// state, pausing, preserve-log, the recording mode and the panel's layout.
import { sanitizeLayout } from "../shared/layout";
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
  /** Registers or removes the webRequest listeners as the (new) settings say. */
  applyRecording(): void;
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
      controls.applyRecording();
      return controls.state();
    case "set-preserve-log":
      controls.updateState({ ...controls.state(), preserveLog: request.preserveLog });
      return controls.state();
    case "set-recording":
      controls.updateState({ ...controls.state(), recording: request.recording });
      controls.applyRecording();
      return controls.state();
    case "set-layout":
      controls.updateState({ ...controls.state(), layout: sanitizeLayout(request.layout) });
      return controls.state();
    default:
      return assertNever(request);
  }
}
