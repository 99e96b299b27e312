// Firefox build, the page's own world (content_scripts "world": "MAIN", document_start, every
// frame): installs the credentials witness before any page script runs, and hands its reports to
// the extension's relay (relay.iife.ts, the isolated world) as one DOM event on the document per
// burst (a microtask after the calls: an event per call cost each fetch call several times its own
// time; the URL is resolved there too). The natives it needs are taken now, before the page can replace them.
import { HINT_EVENT, HINT_LIMITS } from "../shared/messages";
import type { CredentialsHint } from "../shared/messages";
import { installCredentialsWitness } from "./page-witness";

const NativeCustomEvent = CustomEvent;
const dispatch = EventTarget.prototype.dispatchEvent;
const stringify = JSON.stringify;
const later = queueMicrotask.bind(window);
const target = document;
let burst: CredentialsHint[] = [];

let tasks: (() => void)[] = [];
let scheduled = false;

/** At the end of a burst of calls: their URLs resolved, their reports sent as one event. */
function run(): void {
  scheduled = false;
  const due = tasks;
  tasks = [];
  for (const task of due) task();
  if (burst.length === 0) return;
  const hints = burst;
  burst = [];
  try {
    Reflect.apply(dispatch, target, [new NativeCustomEvent(HINT_EVENT, { detail: stringify(hints) })]);
  } catch {
    // The page must never see the witness fail.
  }
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  later(run);
}

installCredentialsWitness(
  window,
  (hint) => {
    if (burst.length >= HINT_LIMITS.maxHintsPerBurst) return;
    burst.push(hint);
    schedule();
  },
  (task) => {
    if (tasks.length >= HINT_LIMITS.maxHintsPerBurst) return;
    tasks.push(task);
    schedule();
  },
);
