// The toolbar badge: the number of blocked requests of each tab, or "off" on every tab while paused.
// Updated once per burst of events, for the tabs marked since the last burst.

const BLOCKED_COLOR = "#d93025";
const PAUSED_COLOR = "#6b7280";

export class Badges {
  /** Tabs whose badge may need setting at the next refresh. */
  private readonly tabs = new Set<number>();
  /** What each badge shows, as last set by this worker ("all": the default for every tab). */
  private readonly shown = new Map<number | "all", string>();

  constructor(
    /** tabId null: the default for every tab. */
    private readonly setBadge: (tabId: number | null, text: string, color: string) => void,
    private readonly blockedCount: (tabId: number) => number,
  ) {}

  /** This tab's badge may need setting at the next refresh. */
  mark(tabId: number): void {
    this.tabs.add(tabId);
  }

  /** The browser cleared this tab's badge: what it shows is no longer known. */
  cleared(tabId: number): void {
    this.shown.delete(tabId);
  }

  /** A closed tab. */
  forget(tabId: number): void {
    this.tabs.delete(tabId);
    this.shown.delete(tabId);
  }

  refresh(paused: boolean): void {
    if (paused) {
      this.show(null, "off", PAUSED_COLOR);
      for (const tabId of this.tabs) if (tabId >= 0) this.show(tabId, "off", PAUSED_COLOR);
    } else {
      this.show(null, "", BLOCKED_COLOR);
      for (const tabId of this.tabs) {
        if (tabId < 0) continue;
        const blocked = this.blockedCount(tabId);
        this.show(tabId, blocked === 0 ? "" : blocked > 999 ? "999+" : String(blocked), BLOCKED_COLOR);
      }
    }
    this.tabs.clear();
  }

  /**
   * Each badge call costs the worker a fraction of a millisecond, paid in the same bursts as the
   * events: a badge that already shows this text is left alone.
   */
  private show(tabId: number | null, text: string, color: string): void {
    const key = tabId ?? "all";
    const shown = text + " " + color;
    if (this.shown.get(key) === shown) return;
    this.shown.set(key, shown);
    this.setBadge(tabId, text, color);
  }
}
