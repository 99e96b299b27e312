// A polite live region that tells screen-reader users about new blocked requests, throttled
// (src/ui/announce.ts), and never while recording is paused. The first snapshot is not news.
import { effect, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { createAnnouncer, type Timers } from "../announce";
import type { Store } from "../store";

const browserTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function LiveRegion({ store, timers = browserTimers }: { store: Store; timers?: Timers }) {
  const message = useSignal("");
  const announcer = useMemo(() => createAnnouncer({ timers, say: (text) => (message.value = text) }), [timers]);
  // Ids already listed; null until the first snapshot, whose entries are not announced.
  const seen = useRef<Set<string> | null>(null);
  // A plain effect, not useSignalEffect (which waits for the next frame): each message from the
  // worker is looked at as it arrives, so the throttle alone decides when to speak.
  useEffect(() => {
    const stop = effect(() => {
      const all = store.entries.all.value;
      const paused = store.settings.paused.value;
      if (!store.entries.loaded.value) return;
      const known = seen.current;
      if (known === null) {
        seen.current = new Set(all.map((entry) => entry.id));
        return;
      }
      const fresh = all.filter((entry) => !known.has(entry.id));
      for (const entry of fresh) known.add(entry.id);
      if (paused) announcer.drop();
      else announcer.add(fresh.filter((entry) => entry.blocked));
    });
    return () => {
      stop();
      announcer.drop();
    };
  }, [store, announcer]);
  return (
    <div class="cd-visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {/* The signal itself: its text node is updated in place, without re-rendering. */}
      {message}
    </div>
  );
}
