/**
 * One family of window counters (burst, steady, hold…) for ./window-limiter: in Redis when it answers,
 * so that every instance spends one budget, and in this process when it does not.
 *
 * While Redis is gone an instance cannot see what the others spend, so it keeps to its part: what may
 * be left of the window, divided by the number of instances that share the budget (./presence; one
 * when it never learnt). What may be left is not what the instance last saw: the others went on
 * counting after that, until Redis went away, and each of them saw another count. A window that
 * opened after Redis went away is whole; one that was open before is taken as spent, unless its
 * window says how fast the others can have spent it since this instance last looked (a minute: a
 * burst a second). Otherwise the instances that had not yet looked at the current second would each
 * spend a third of it on top of what the others had already spent.
 * When Redis answers again, what the instance counted alone in that window is added to the shared
 * count, so that the others see it. rate-limiter-flexible's own insurance limiter would instead let
 * every instance spend the whole budget alone: three instances, three times Klaviyo's limit.
 *
 * Counters never refuse by themselves (points = ∞): `take` compares with the cap it is given, so one
 * counter per family serves every tier, share and boundary cap.
 */
import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

export type LimiterStore = { kind: "memory" } | { kind: "redis"; client: Redis };

/** What a counter must know of the window counted under a key to keep to its part while Redis is gone. */
export interface WindowSpan {
  /** (on `now`'s clock) the earliest moment any instance sharing the budget may count in this window */
  opensAt: number;
  /**
   * the most all instances together can add to this window's count in one second (for a minute: the
   * burst limit); when not said, a count seen a moment ago may have reached the cap since
   */
  perSecond?: number;
}

export interface WindowCounter {
  /** Count one under `key` if the count stays within `cap`: the way to give it back, or null when refused. */
  take(key: string, cap: number, span: WindowSpan): Promise<(() => Promise<void>) | null>;
  get(key: string): Promise<number>;
  /** Raise the count under `key` to at least `to` (someone else spent the budget). */
  raiseTo(key: string, to: number): Promise<void>;
  /** Keep `value` under `key` for `seconds` (a moment, not a count: the hold of an endpoint). */
  set(key: string, value: number, seconds: number): Promise<void>;
  /** The value kept under `key` by `set`, wherever it was kept; 0 when none. */
  peek(key: string): Promise<number>;
}

export interface WindowCounterOptions {
  store: LimiterStore;
  keyPrefix: string;
  windowMs: number;
  /** How many instances share the budget: each one's part while Redis is gone. */
  instances?: () => number;
  /** the clock windows are placed on (the one `WindowSpan.opensAt` is given on) */
  now?: () => number;
}

/** How many windows' last shared counts are remembered (a few seconds and minutes of every endpoint). */
const SEEN_LIMIT = 2_000;

export function createWindowCounter(options: WindowCounterOptions): WindowCounter {
  // The window number is in the key, so the TTL only has to outlive the window (cleanup).
  const base = {
    points: Number.MAX_SAFE_INTEGER,
    duration: Math.ceil(options.windowMs / 1000) + 1,
    keyPrefix: options.keyPrefix,
  };
  const local = new RateLimiterMemory(base);
  // No insurance limiter: while Redis is not ready (or hangs: the door sets a commandTimeout) a call
  // fails at once, and this counter decides what to count in-process.
  const shared: RateLimiterAbstract | null =
    options.store.kind === "redis"
      ? new RateLimiterRedis({ ...base, storeClient: options.store.client, rejectIfRedisNotReady: true })
      : null;
  const instances = options.instances ?? (() => 1);
  const now = options.now ?? Date.now;
  /** The shared count last seen per key, and when: where this instance's part starts while Redis is gone. */
  const seen = new Map<string, { count: number; at: number }>();
  const remember = (key: string, count: number) => {
    seen.delete(key);
    seen.set(key, { count, at: now() });
    if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
  };
  /** Whether this instance was ever connected to Redis, and since when it has not been (null while it is). */
  let answered = false;
  let downSince: number | null = null;
  const connected = () => {
    answered = true;
    downSince = null;
  };
  const lost = () => {
    if (answered) downSince ??= now();
  };
  if (options.store.kind === "redis") {
    // Connected, the others may count in Redis whether or not this instance has asked it anything yet.
    const client = options.store.client;
    if (client.status === "ready") connected();
    client.on("ready", connected);
    client.on("close", lost);
  }
  const localCount = async (key: string) => (await local.get(key))?.consumedPoints ?? 0;

  /** Runs `work` on Redis; on a Redis failure, null (the caller counts in-process). */
  async function onShared<T>(work: (store: RateLimiterAbstract) => Promise<T>): Promise<T | null> {
    if (!shared) return null;
    try {
      const result = await work(shared);
      connected();
      return result;
    } catch (error) {
      if (error instanceof Error) {
        lost();
        return null;
      }
      throw error;
    }
  }

  /** What the others may have left of a window while Redis is gone (before it is split between instances). */
  function leftOf(key: string, cap: number, span: WindowSpan): number {
    // Never shared: the instance knows of no one else, and spends the cap (see presence.count()).
    if (!answered) return cap;
    const down = downSince ?? now();
    // Opened once Redis was gone: nobody counted it there.
    if (span.opensAt > down) return cap;
    const last = seen.get(key);
    const since = Math.max(0, down - (last?.at ?? span.opensAt));
    const unseen = span.perSecond === undefined ? cap : span.perSecond * (Math.ceil(since / 1000) + 1);
    return Math.max(0, cap - (last?.count ?? 0) - unseen);
  }

  return {
    async take(key, cap, span) {
      const counted = await onShared(async (store) => {
        // What this instance counted alone in this window goes into the shared count with this one.
        const alone = await localCount(key);
        const result = await store.consume(key, 1 + alone);
        if (alone > 0) await local.delete(key);
        remember(key, result.consumedPoints);
        return result.consumedPoints;
      });
      if (counted !== null && shared) {
        const store = shared;
        if (counted <= cap) return async () => void (await store.reward(key, 1).catch(() => undefined));
        await store.reward(key, 1).catch(() => undefined);
        return null;
      }
      const part = shared ? Math.floor(leftOf(key, cap, span) / Math.max(1, instances())) : cap;
      const result = await local.consume(key, 1);
      if (result.consumedPoints <= part) return async () => void (await local.reward(key, 1).catch(() => undefined));
      await local.reward(key, 1).catch(() => undefined);
      return null;
    },

    async get(key) {
      const count = await onShared(async (store) => (await store.get(key))?.consumedPoints ?? 0);
      return (count ?? 0) + (await localCount(key));
    },

    async raiseTo(key, to) {
      const current = await this.get(key);
      if (to <= current) return;
      const done = await onShared((store) => store.penalty(key, to - current));
      if (done === null) await local.penalty(key, to - current);
    },

    async set(key, value, seconds) {
      // Kept here too: if Redis goes away, this instance still honours the hold it learnt.
      await onShared((store) => store.set(key, value, seconds));
      await local.set(key, value, seconds);
    },

    async peek(key) {
      const kept = await onShared(async (store) => (await store.get(key))?.consumedPoints ?? 0);
      return Math.max(kept ?? 0, await localCount(key));
    },
  };
}
