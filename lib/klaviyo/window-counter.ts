/**
 * One family of window counters (burst, steady, hold…) for ./window-limiter: in Redis when it answers,
 * so that every instance spends one budget, and in this process when it does not.
 *
 * While Redis is gone an instance cannot see what the others spend, so it keeps to its part: what was
 * left of the window when it last saw the shared count, divided by the number of instances that
 * share the budget (./presence; one when it never learnt). When Redis answers again, what the
 * instance counted alone in that window is added to the shared count, so that the others see it.
 * rate-limiter-flexible's own insurance limiter would instead let every instance spend the whole
 * budget alone: three instances, three times Klaviyo's limit.
 *
 * Counters never refuse by themselves (points = ∞): `take` compares with the cap it is given, so one
 * counter per family serves every tier, share and boundary cap.
 */
import type { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";

export type LimiterStore = { kind: "memory" } | { kind: "redis"; client: Redis };

export interface WindowCounter {
  /** Count one under `key` if the count stays within `cap`: the way to give it back, or null when refused. */
  take(key: string, cap: number): Promise<(() => Promise<void>) | null>;
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
  /** The shared count last seen per key: where this instance's part starts while Redis is gone. */
  const seen = new Map<string, number>();
  const remember = (key: string, count: number) => {
    seen.delete(key);
    seen.set(key, count);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
  };
  const localCount = async (key: string) => (await local.get(key))?.consumedPoints ?? 0;

  /** Runs `work` on Redis; on a Redis failure, null (the caller counts in-process). */
  async function onShared<T>(work: (store: RateLimiterAbstract) => Promise<T>): Promise<T | null> {
    if (!shared) return null;
    try {
      return await work(shared);
    } catch (error) {
      if (error instanceof Error) return null;
      throw error;
    }
  }

  return {
    async take(key, cap) {
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
      const part = shared ? Math.floor(Math.max(0, cap - (seen.get(key) ?? 0)) / Math.max(1, instances())) : cap;
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
