/**
 * A small in-process cache of promises: concurrent misses for one key share a single load, failed loads
 * are forgotten, and the oldest entries go first when it is full. `ttlMs` bounds staleness for values that
 * can change (the newest version of a course); immutable values (a given version) are kept without one.
 * `keep` decides which loaded values stay (e.g. not "not found", so a record created a moment later is seen).
 */
export class MemoCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly options: { maxEntries: number; ttlMs?: number; now?: () => number; keep?: (value: V) => boolean },
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.options.now?.() ?? Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.options.ttlMs === undefined ? Infinity : now + this.options.ttlMs });
    const forget = () => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    };
    const keep = this.options.keep;
    value.then((loaded) => (keep && !keep(loaded) ? forget() : undefined), forget);
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
