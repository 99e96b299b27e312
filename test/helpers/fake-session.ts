// An in-memory storage.session for background tests; counts what was written.
import type { SessionArea } from "../../src/background/persistence";

export class FakeSession implements SessionArea {
  readonly data = new Map<string, unknown>();
  writes = 0;

  async get(_keys: null): Promise<Record<string, unknown>> {
    return Object.fromEntries([...this.data].map(([k, v]) => [k, structuredClone(v)]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    this.writes++;
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string[]): Promise<void> {
    for (const k of keys) this.data.delete(k);
  }
  /** Serialized size, as the browser would count it against its quota. */
  bytes(): number {
    let total = 0;
    for (const [k, v] of this.data) total += k.length + (typeof v === "string" ? v.length : JSON.stringify(v).length);
    return total;
  }
}
