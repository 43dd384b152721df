/**
 * The shared budget: with REDIS_URL every instance must spend one per-endpoint budget. CI starts a
 * Redis and exports REDIS_URL; locally: redis-server --port 6391 & REDIS_URL=redis://127.0.0.1:6391.
 */
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { keyFingerprint } from "./secret";
import { fakeClock, T0 } from "./testing";
import { createWindowLimiter, type Endpoint, type WindowLimiter } from "./window-limiter";

const url = process.env.REDIS_URL;

describe.skipIf(!url)("window limiter on Redis (skipped unless REDIS_URL is set)", () => {
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(url!, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  afterAll(() => clients.forEach((client) => client.disconnect()));

  const KEY = "pk_planted_secret_123";
  const prefix = `kbj:test:${keyFingerprint(KEY)}:${Date.now()}:${Math.random().toString(36).slice(2)}`;
  // Two app instances: separate connections and limiter objects, one clock (like NTP-synced hosts).
  // 5 s into a minute: clear of the boundary region a limiter uses before it has seen any answer.
  const clock = fakeClock(T0 + 5_000);
  const make = () =>
    createWindowLimiter({ store: { kind: "redis", client: connect() }, keyPrefix: prefix, clock, maxWaitMs: 500 });
  // Until a connection is ready the limiter counts in-process (see window-limiter.ts).
  const ready = () =>
    Promise.all(clients.map((c) => (c.status === "ready" ? undefined : new Promise((r) => c.once("ready", r)))));

  it("shares one budget between two instances", async () => {
    const [a, b] = [make(), make()];
    await ready();
    const endpoint: Endpoint = { id: "item-create:list", tier: { burst: 1_000, steady: 40 } };
    const granted = { a: 0, b: 0 };
    let refusals = 0;
    for (let i = 0; i < 60; i++) {
      const [name, instance] = i % 2 === 0 ? (["a", a] as const) : (["b", b] as const);
      try {
        await instance.acquire(endpoint);
        granted[name]++;
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        refusals++;
      }
    }
    // 40 × (1 − 3 %) = 38 for both together, not 38 each.
    expect(granted.a + granted.b).toBe(38);
    expect(granted.a).toBeGreaterThan(0);
    expect(granted.b).toBeGreaterThan(0);
    expect(refusals).toBe(22);
  });

  it("shares a 429's hold and header resynchronisation", async () => {
    const [a, b] = [make(), make()];
    await ready();
    const endpoint: Endpoint = { id: "item-update:get", tier: { burst: 1_000, steady: 750 } };
    const permit = await a.acquire(endpoint);
    await a.observe(
      permit,
      new Headers({ "RateLimit-Limit": "750", "RateLimit-Remaining": "25", "RateLimit-Reset": "50" }),
    );
    // Klaviyo said 25 left; minus the 23 margin leaves 2 for instance b.
    await b.acquire(endpoint);
    await b.acquire(endpoint);
    await expect(b.acquire(endpoint)).rejects.toMatchObject({ code: "rate_limited" });

    const other: Endpoint = { id: "item-update:list", tier: { burst: 1_000, steady: 750 } };
    await b.hold(other, 5);
    await expect(a.acquire(other)).rejects.toMatchObject({ code: "rate_limited", retryAfter: 5 });
  });

  it("never writes the raw key into Redis", async () => {
    const keys = await clients[0]!.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((key) => key.includes(KEY))).toBe(false);
  });
});

describe("window limiter with Redis down", () => {
  it("limits in-process at once when Redis is unreachable", async () => {
    const down = new Redis("redis://127.0.0.1:1", { maxRetriesPerRequest: 1, lazyConnect: true });
    down.on("error", () => undefined);
    void down.connect().catch(() => undefined);
    const limiter = createWindowLimiter({
      store: { kind: "redis", client: down },
      keyPrefix: "kbj:test:down",
      clock: fakeClock(T0 + 5_000),
      maxWaitMs: 500,
    });
    const endpoint: Endpoint = { id: "category-create:list", tier: { burst: 1_000, steady: 5 } };
    const started = Date.now();
    try {
      for (let i = 0; i < 4; i++) await limiter.acquire(endpoint);
      await expect(limiter.acquire(endpoint)).rejects.toMatchObject({ code: "rate_limited" });
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      down.disconnect();
    }
  });
});

describe.skipIf(!url)("window limiter when Redis goes away (skipped unless REDIS_URL is set)", () => {
  // Three instances on one Redis, one clock that stands still inside a second (300 ms into it, 5 s
  // into a minute): every grant below lands in the same one of Klaviyo's seconds and minutes.
  async function three(tier: Endpoint["tier"]) {
    let now = T0 + 5_200;
    const clock = { now: () => now, sleep: async () => undefined };
    const prefix = `kbj:test:outage:${Date.now()}:${Math.random().toString(36).slice(2)}`;
    const clients = Array.from({ length: 3 }, () => new Redis(url!, { maxRetriesPerRequest: 1 }));
    for (const client of clients) client.on("error", () => undefined);
    await Promise.all(clients.map((c) => new Promise((resolve) => c.once("ready", resolve))));
    const limiters = clients.map((client) =>
      createWindowLimiter({
        store: { kind: "redis", client },
        keyPrefix: prefix,
        clock,
        instances: () => 3,
        maxWaitMs: 0,
      }),
    );
    const endpoint: Endpoint = { id: "variant-create:get", tier };
    /** Grants until the first refusal. */
    const takeAll = async (limiter: WindowLimiter) => {
      let granted = 0;
      while (
        await limiter.acquire(endpoint).then(
          () => true,
          () => false,
        )
      )
        granted++;
      return granted;
    };
    return {
      limiters,
      takeAll,
      /** Every instance loses Redis, and has heard so. */
      dropRedis: async () => {
        const closed = clients.map((client) => new Promise((resolve) => client.once("close", resolve)));
        for (const client of clients) client.disconnect();
        await Promise.all(closed);
      },
      /** Instance `which` reconnects (the others may still be away). */
      reconnect: (which: number) => clients[which]!.connect(),
      later: (ms: number) => void (now += ms),
    };
  }

  it("spends nothing more in a second the others were spending when Redis went away", async () => {
    const { limiters, takeAll, dropRedis, later } = await three({ burst: 75, steady: 750 });
    const [a, b, c] = limiters as [WindowLimiter, WindowLimiter, WindowLimiter];
    // Before any answer our seconds are not aligned with Klaviyo's: each gets half the burst, 37.
    const shared = (await takeAll(a)) + (await takeAll(b));
    expect(shared).toBe(37);
    await dropRedis();
    // C never saw this second's count, A saw it full: whatever they counted, it could be spent.
    const alone = (await takeAll(c)) + (await takeAll(a)) + (await takeAll(b));
    expect(shared + alone).toBeLessThanOrEqual(37);
    // A second that began clear of the moment Redis went away: each instance its third.
    later(2_000);
    const next = await Promise.all(limiters.map(takeAll));
    expect(next).toEqual([12, 12, 12]);
  });

  it("keeps a minute's count within the limit when an instance that had not seen it goes on alone", async () => {
    const { limiters, takeAll, dropRedis } = await three({ burst: 1_000, steady: 40 });
    const [a, b, c] = limiters as [WindowLimiter, WindowLimiter, WindowLimiter];
    const shared = (await takeAll(a)) + (await takeAll(b));
    expect(shared).toBe(38);
    await dropRedis();
    const alone = (await takeAll(c)) + (await takeAll(a)) + (await takeAll(b));
    expect(shared + alone).toBeLessThanOrEqual(38);
  });

  it("keeps an instance that is back to its part while the others may still be counting alone", async () => {
    const { limiters, takeAll, dropRedis, reconnect, later } = await three({ burst: 75, steady: 750 });
    const [a, b, c] = limiters as [WindowLimiter, WindowLimiter, WindowLimiter];
    await dropRedis();
    // A second that began once Redis was gone: each instance its third of 37.
    later(2_000);
    const alone = await Promise.all(limiters.map(takeAll));
    expect(alone).toEqual([12, 12, 12]);
    // A reconnects first; B and C will only at their next attempt, and until then count alone. What A
    // sees in Redis is only its own 12: it must not take the rest of this second on top of theirs.
    await reconnect(0);
    const more = await takeAll(a);
    expect(12 * 3 + more).toBeLessThanOrEqual(37);
    // B and C come back and tell Redis what they counted alone; once the others have had time to
    // reconnect, a new second is shared through Redis again: 37 between them, whoever asks first.
    await reconnect(1);
    await reconnect(2);
    later(3_000);
    expect((await takeAll(a)) + (await takeAll(b)) + (await takeAll(c))).toBe(37);
  });
});
