/**
 * How many dashboard instances share one key's budget: each announces itself in Redis (a sorted set
 * of instance ids scored by when they last said so) and counts the others that spoke recently. The
 * count is kept while Redis is gone, which is when it matters: each instance then spends only its
 * part of the budget (./window-counter), so that together they still keep within it.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

export interface Presence {
  /** Instances that announced themselves lately, this one included; the last count while Redis is gone. */
  count(): number;
  /** Announce and count now (also done every `intervalMs`). */
  refresh(): Promise<void>;
  stop(): void;
}

export interface PresenceOptions {
  key: string;
  /** how often this instance says it is there */
  intervalMs?: number;
  /** how long an instance counts after it last said so */
  ttlMs?: number;
  now?: () => number;
}

export function startPresence(redis: Redis, options: PresenceOptions): Presence {
  const intervalMs = options.intervalMs ?? 5_000;
  const ttlMs = options.ttlMs ?? 3 * intervalMs;
  const now = options.now ?? Date.now;
  const id = randomUUID();
  let known = 1;

  async function refresh(): Promise<void> {
    if (redis.status !== "ready") return;
    const at = now();
    const result = await redis
      .multi()
      .zadd(options.key, at, id)
      .zremrangebyscore(options.key, "-inf", at - ttlMs)
      .zcard(options.key)
      .pexpire(options.key, ttlMs * 2)
      .exec()
      .catch(() => null);
    const counted = result?.[2]?.[1];
    if (typeof counted === "number" && counted > 0) known = counted;
  }

  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  // As soon as the connection is up, not only at the first tick.
  if (redis.status === "ready") void refresh();
  else redis.once("ready", () => void refresh());

  return {
    count: () => known,
    refresh,
    stop() {
      clearInterval(timer);
      void redis.zrem(options.key, id).catch(() => undefined);
    },
  };
}
