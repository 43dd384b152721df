/**
 * What instances sharing a budget do when Redis goes away and comes back, on a real Redis (CI starts
 * one and exports REDIS_URL; skipped without it).
 */
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { startPresence } from "./presence";
import { createWindowCounter } from "./window-counter";

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

  async function takeAll(counter: ReturnType<typeof createWindowCounter>, key: string, cap: number) {
    let granted = 0;
    while (await counter.take(key, cap)) granted++;
    return granted;
  }

  it("keeps each instance to its part of what was left while Redis is gone, and tells Redis afterwards", async () => {
    const keyPrefix = prefix();
    const [redisA, redisB] = [await connect(), await connect()];
    const a = createWindowCounter({
      store: { kind: "redis", client: redisA },
      keyPrefix,
      windowMs: 60_000,
      instances: () => 2,
    });
    const b = createWindowCounter({
      store: { kind: "redis", client: redisB },
      keyPrefix,
      windowMs: 60_000,
      instances: () => 2,
    });
    const key = "item-create:get:1";
    // Together, through Redis: 20 of a cap of 60.
    for (let i = 0; i < 10; i++) {
      expect(await a.take(key, 60)).not.toBeNull();
      expect(await b.take(key, 60)).not.toBeNull();
    }
    redisA.disconnect();
    redisB.disconnect();
    // 40 were left; each instance may spend half of it alone, and no more.
    expect(await takeAll(a, key, 60)).toBe(20);
    expect(await takeAll(b, key, 60)).toBe(20);
    // A window never seen in Redis: half of the whole cap each.
    expect(await takeAll(a, "item-create:get:2", 60)).toBe(30);

    // Redis is back: what A counted alone is added to the shared count with A's next request.
    await redisA.connect();
    expect(await a.take(key, 100)).not.toBeNull();
    const shared = await redisA.get(`${keyPrefix}:${key}`);
    expect(Number(shared)).toBe(20 + 20 + 1);
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
