/**
 * What instances sharing a budget do when Redis goes away and comes back, on a real Redis (CI starts
 * one and exports REDIS_URL; skipped without it).
 */
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startPresence } from "./presence";
import { createWindowCounter, RECONNECT_GRACE_MS, type WindowSpan } from "./window-counter";

const url = process.env.REDIS_URL;

describe.skipIf(!url)("window counters and presence on Redis (skipped unless REDIS_URL is set)", () => {
  const clients: Redis[] = [];
  const connect = async () => {
    const client = new Redis(url!, { maxRetriesPerRequest: 1, lazyConnect: true });
    clients.push(client);
    await client.connect();
    return client;
  };
  afterAll(() => clients.forEach((client) => client.disconnect()));
  const prefix = () => `kbj:test:counter:${Date.now()}:${Math.random().toString(36).slice(2)}`;

  async function takeAll(
    counter: ReturnType<typeof createWindowCounter>,
    key: string,
    cap: number,
    span: WindowSpan = { opensAt: 0 },
  ) {
    let granted = 0;
    while (await counter.take(key, cap, span)) granted++;
    return granted;
  }

  /** Two instances on one Redis and one clock (the windows' own). */
  async function two(now: () => number) {
    const keyPrefix = prefix();
    const [redisA, redisB] = [await connect(), await connect()];
    const make = (client: Redis) =>
      createWindowCounter({ store: { kind: "redis", client }, keyPrefix, windowMs: 60_000, instances: () => 2, now });
    return { keyPrefix, redisA, redisB, a: make(redisA), b: make(redisB) };
  }

  it("keeps each instance to its part of what the others may have left while Redis is gone, and tells Redis afterwards", async () => {
    let now = 1_000_000;
    const { keyPrefix, redisA, redisB, a, b } = await two(() => now);
    const key = "item-create:get:1";
    // A minute open since before; it grows by at most 5 a second.
    const span = { opensAt: now - 10_000, perSecond: 5 };
    // Together, through Redis: 20 of a cap of 60.
    for (let i = 0; i < 10; i++) {
      expect(await a.take(key, 60, span)).not.toBeNull();
      expect(await b.take(key, 60, span)).not.toBeNull();
    }
    now += 500;
    redisA.disconnect();
    redisB.disconnect();
    // Each saw 19 or 20 half a second ago; since then the others may have spent 5 in each of the two
    // seconds that half second touches: (60 − 19 − 10) / 2 = 15 for A, (60 − 20 − 10) / 2 = 15 for B.
    expect(await takeAll(a, key, 60, span)).toBe(15);
    expect(await takeAll(b, key, 60, span)).toBe(15);
    // A window that opened once Redis was gone: half of the whole cap each.
    expect(await takeAll(a, "item-create:get:2", 60, { opensAt: now + 1, perSecond: 5 })).toBe(30);
    // One that was open, with no bound on how fast it fills: it may be spent already.
    expect(await takeAll(a, "item-create:get:3", 60, { opensAt: now - 100 })).toBe(0);

    // Redis is back: what A counted alone is added to the shared count.
    await redisA.connect();
    expect(await a.take(key, 100, span)).not.toBeNull();
    const shared = await redisA.get(`${keyPrefix}:${key}`);
    expect(Number(shared)).toBe(20 + 15 + 1);
  });

  it("keeps an instance that is back to its part until the others have had time to come back too", async () => {
    let now = 1_000_000;
    const { redisA, redisB, a, b } = await two(() => now);
    const key = "item-create:get:4";
    const span = { opensAt: now - 10_000, perSecond: 5 };
    for (let i = 0; i < 10; i++) {
      expect(await a.take(key, 60, span)).not.toBeNull();
      expect(await b.take(key, 60, span)).not.toBeNull();
    }
    now += 500;
    redisA.disconnect();
    redisB.disconnect();
    // As above: 15 each.
    expect(await takeAll(a, key, 60, span)).toBe(15);
    expect(await takeAll(b, key, 60, span)).toBe(15);
    // A is back first. Redis holds 20 + A's 15; B's 15 are in B alone, and B may spend them yet.
    await redisA.connect();
    expect(await takeAll(a, key, 60, span)).toBe(0);
    // B is back and adds its 15 to Redis without waiting for a request of its own on this window.
    await redisB.connect();
    await b.get("another-key");
    // Past the grace the shared count is the whole truth: 60 − 20 − 15 − 15 are left, for either.
    now += RECONNECT_GRACE_MS;
    expect(await takeAll(a, key, 60, span)).toBe(10);
    expect(await takeAll(b, key, 60, span)).toBe(0);
  });

  it("without Redis from the start, an instance spends the whole cap (it knows of no one else)", async () => {
    const counter = createWindowCounter({
      store: { kind: "memory" },
      keyPrefix: prefix(),
      windowMs: 1_000,
      instances: () => 3,
    });
    expect(await takeAll(counter, "k", 12)).toBe(12);
  });

  it("counts the instances that announced themselves lately, and keeps the count while Redis is gone", async () => {
    const key = `${prefix()}:instances`;
    let now = Date.now();
    const clock = () => now;
    const [redisA, redisB] = [await connect(), await connect()];
    const a = startPresence(redisA, { key, intervalMs: 60_000, ttlMs: 1_000, now: clock });
    const b = startPresence(redisB, { key, intervalMs: 60_000, ttlMs: 1_000, now: clock });
    await a.refresh();
    await b.refresh();
    await a.refresh();
    expect(a.count()).toBe(2);
    expect(b.count()).toBe(2);
    // Redis gone for A: it keeps the last count, and so keeps to half the budget.
    redisA.disconnect();
    await a.refresh();
    expect(a.count()).toBe(2);
    // A can no longer announce itself: once its last word is older than the TTL, B counts itself alone.
    now += 1_500;
    await b.refresh();
    expect(b.count()).toBe(1);
    b.stop();
    a.stop();
  });
});
