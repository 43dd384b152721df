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
 *
 * When Redis answers again, what the instance counted alone is added to the shared counts at once, so
 * that the others see it. The instances do not come back together, though: each reconnects at its
 * next attempt, and until then goes on counting alone. So for a grace after it is back (the longest
 * wait between attempts, and then some), an instance still keeps to its part, counting in Redis as
 * well; otherwise the first one back would see only its own count and spend the rest of the window
 * on top of what the others spend alone. After the grace everyone has told Redis what they counted,
 * and the shared counts are the whole truth again.
 *
 * rate-limiter-flexible's own insurance limiter would instead let every instance spend the whole
 * budget alone: three instances, three times Klaviyo's limit.
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
  /** how long after Redis is back the others may still be counting alone (on `now`'s clock) */
  reconnectGraceMs?: number;
}

/** The longest the Redis client waits between attempts to reconnect (./door sets its retry strategy so). */
export const REDIS_RETRY_MAX_MS = 500;
/**
 * After an instance is back on Redis, how long the others may still be counting alone: their next
 * attempt, connecting, and adding what they counted to the shared counts.
 */
export const RECONNECT_GRACE_MS = 4 * REDIS_RETRY_MAX_MS;

/** How many windows' last shared counts are remembered (a few seconds and minutes of every endpoint). */
const SEEN_LIMIT = 2_000;
/** How many windows counted alone are remembered until Redis is back (a few minutes of every endpoint). */
const ALONE_LIMIT = 10_000;

type GiveBack = () => Promise<void>;

/** Count one under `key` in `counter` if the count stays within `cap`: the way to give it back, or null. */
async function takeWithin(counter: RateLimiterMemory, key: string, cap: number): Promise<GiveBack | null> {
  const result = await counter.consume(key, 1);
  if (result.consumedPoints <= cap) return async () => void (await counter.reward(key, 1).catch(() => undefined));
  await counter.reward(key, 1).catch(() => undefined);
  return null;
}

export function createWindowCounter(options: WindowCounterOptions): WindowCounter {
  // The window number is in the key, so the TTL only has to outlive the window (cleanup).
  const base = {
    points: Number.MAX_SAFE_INTEGER,
    duration: Math.ceil(options.windowMs / 1000) + 1,
    keyPrefix: options.keyPrefix,
  };
  /** Counted here and not yet in Redis (and, while Redis is gone, the holds this instance learnt). */
  const local = new RateLimiterMemory(base);
  /** The windows `local` counted alone in, to add to Redis when it is back. */
  const aloneKeys = new Set<string>();
  /** What this instance spent apart from the others since Redis last went away: its part. */
  let apart = new RateLimiterMemory(base);
  // No insurance limiter: while Redis is not ready (or hangs: the door sets a commandTimeout) a call
  // fails at once, and this counter decides what to count in-process.
  const shared: RateLimiterAbstract | null =
    options.store.kind === "redis"
      ? new RateLimiterRedis({ ...base, storeClient: options.store.client, rejectIfRedisNotReady: true })
      : null;
  const instances = options.instances ?? (() => 1);
  const now = options.now ?? Date.now;
  const graceMs = options.reconnectGraceMs ?? RECONNECT_GRACE_MS;
  /** The shared count last seen per key, and when: where this instance's part starts while Redis is gone. */
  const seen = new Map<string, { count: number; at: number }>();
  const remember = (key: string, count: number) => {
    seen.delete(key);
    seen.set(key, { count, at: now() });
    if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
  };
  /**
   * Whether this instance was ever connected to Redis, since when it has not been (null while it is),
   * and the last outage it came back from.
   */
  let answered = false;
  let downSince: number | null = null;
  let outage: { from: number; until: number } | null = null;
  /** Adding what was counted alone to Redis, once it is back; shared counts wait for it. */
  let folding: Promise<void> | null = null;
  const connected = () => {
    if (downSince !== null) outage = { from: downSince, until: now() };
    answered = true;
    downSince = null;
    if (shared && aloneKeys.size > 0 && !folding) folding = fold(shared).finally(() => (folding = null));
  };
  const lost = () => {
    if (!answered || downSince !== null) return;
    downSince = now();
    apart = new RateLimiterMemory(base);
  };
  /** Since when the others may be counting alone: Redis is gone, or came back less than the grace ago. */
  const apartSince = (): number | null => {
    if (downSince !== null) return downSince;
    return outage && now() < outage.until + graceMs ? outage.from : null;
  };
  if (options.store.kind === "redis") {
    // Connected, the others may count in Redis whether or not this instance has asked it anything yet.
    const client = options.store.client;
    if (client.status === "ready") connected();
    client.on("ready", connected);
    client.on("close", lost);
  }
  const localCount = async (key: string) => (await local.get(key))?.consumedPoints ?? 0;
  const countedAlone = (key: string) => {
    aloneKeys.delete(key);
    aloneKeys.add(key);
    if (aloneKeys.size > ALONE_LIMIT) aloneKeys.delete(aloneKeys.keys().next().value as string);
  };

  /** Adds what this instance counted alone to the shared counts; what fails stays here for next time. */
  async function fold(store: RateLimiterAbstract): Promise<void> {
    const keys = [...aloneKeys];
    aloneKeys.clear();
    await Promise.all(
      keys.map(async (key) => {
        const count = await localCount(key);
        if (count === 0) return;
        await local.delete(key);
        try {
          await store.penalty(key, count);
        } catch {
          await local.penalty(key, count);
          countedAlone(key);
        }
      }),
    );
  }

  /** Runs `work` on Redis; on a Redis failure, null (the caller counts in-process). */
  async function onShared<T>(work: (store: RateLimiterAbstract) => Promise<T>): Promise<T | null> {
    if (!shared) return null;
    try {
      // What was counted alone goes into Redis before anything else is counted or read there.
      if (folding) await folding;
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

  /** Count one in Redis within `cap`: the way to give it back, null when refused, undefined when Redis failed. */
  async function takeShared(key: string, cap: number, learn: boolean): Promise<GiveBack | null | undefined> {
    const counted = await onShared(async (store) => {
      const result = await store.consume(key, 1);
      if (learn) remember(key, result.consumedPoints);
      return { store, count: result.consumedPoints };
    });
    if (counted === null) return undefined;
    const { store, count } = counted;
    if (count <= cap) return async () => void (await store.reward(key, 1).catch(() => undefined));
    await store.reward(key, 1).catch(() => undefined);
    return null;
  }

  /** What the others may have left of a window apart since `down` (before it is split between instances). */
  function leftOf(key: string, cap: number, span: WindowSpan, down: number): number {
    // Opened once Redis was gone: nobody counted it there.
    if (span.opensAt > down) return cap;
    const last = seen.get(key);
    const since = Math.max(0, down - (last?.at ?? span.opensAt));
    const unseen = span.perSecond === undefined ? cap : span.perSecond * (Math.ceil(since / 1000) + 1);
    return Math.max(0, cap - (last?.count ?? 0) - unseen);
  }

  return {
    async take(key, cap, span) {
      if (!shared) return takeWithin(local, key, cap);
      if (apartSince() === null) {
        const giveBack = await takeShared(key, cap, true);
        if (giveBack !== undefined) return giveBack;
      }
      // Apart from the others. Never shared, the instance knows of no one else and spends the cap
      // (see presence.count()); otherwise it keeps to its part of what the others may have left.
      const since = apartSince();
      const part = since === null ? cap : Math.floor(leftOf(key, cap, span, since) / Math.max(1, instances()));
      const own = await takeWithin(apart, key, part);
      if (!own) return null;
      if (since !== null && downSince === null) {
        // Back on Redis while the others may still be counting alone: counted there too, for those back.
        const giveBack = await takeShared(key, cap, false);
        if (giveBack !== undefined) {
          if (giveBack) return async () => void (await Promise.all([own(), giveBack()]));
          await own();
          return null;
        }
        // Gone again: a new outage, with a part of its own.
        await own();
        return this.take(key, cap, span);
      }
      await local.consume(key, 1);
      countedAlone(key);
      return async () => void (await Promise.all([own(), local.reward(key, 1).catch(() => undefined)]));
    },

    async get(key) {
      const count = await onShared(async (store) => (await store.get(key))?.consumedPoints ?? 0);
      return (count ?? 0) + (await localCount(key));
    },

    async raiseTo(key, to) {
      const current = await this.get(key);
      if (to <= current) return;
      const done = await onShared((store) => store.penalty(key, to - current));
      if (done !== null) return;
      await local.penalty(key, to - current);
      countedAlone(key);
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
