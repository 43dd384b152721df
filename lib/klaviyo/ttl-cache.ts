/**
 * A short-lived in-process cache with single-flight: identical concurrent requests share one upstream
 * call, and answers are kept for a TTL the loader chooses (finished jobs longer than running ones).
 * A failed load is never stored: its error goes to everyone who joined that flight, and the next
 * request tries again. Pure (injected clock), so it can be unit tested.
 *
 * With REDIS_URL this stays per instance: entries live seconds (minutes for finished jobs, which
 * never change), so sharing them would save few calls while adding a Redis round trip to every hit.
 */

export interface Loaded<T> {
  value: T;
  ttlMs: number;
}

export interface SingleFlightCache<T> {
  /**
   * `flight` names the loads this one may share (default: the key). Callers give work that may wait
   * long (background reads, which yield to people at the limiter) a flight of its own, so a person
   * never waits behind it.
   */
  get(key: string, load: () => Promise<Loaded<T>>, flight?: string): Promise<T>;
  readonly stats: { hits: number; joins: number; loads: number };
  clear(): void;
}

/** hit: a stored answer; join: an identical load in flight; miss: a new load */
export type CacheLookup = "hit" | "join" | "miss";

export function createSingleFlightCache<T>(
  options: { now?: () => number; maxEntries?: number; onLookup?: (result: CacheLookup) => void } = {},
): SingleFlightCache<T> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1_000;
  const entries = new Map<string, { value: T; expiresAt: number }>();
  const flights = new Map<string, Promise<T>>();
  const stats = { hits: 0, joins: 0, loads: 0 };

  function store(key: string, loaded: Loaded<T>): void {
    if (loaded.ttlMs <= 0) return;
    entries.delete(key);
    entries.set(key, { value: loaded.value, expiresAt: now() + loaded.ttlMs });
    // Map keeps insertion order: the first key is the oldest write.
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  return {
    stats,
    clear() {
      entries.clear();
    },
    get(key, load, flight = key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) {
        stats.hits++;
        options.onLookup?.("hit");
        return Promise.resolve(entry.value);
      }
      if (entry) entries.delete(key);

      const inFlight = flights.get(flight);
      if (inFlight) {
        stats.joins++;
        options.onLookup?.("join");
        return inFlight;
      }
      stats.loads++;
      options.onLookup?.("miss");
      const loading = (async () => {
        try {
          const loaded = await load();
          store(key, loaded);
          return loaded.value;
        } finally {
          flights.delete(flight);
        }
      })();
      flights.set(flight, loading);
      return loading;
    },
  };
}
