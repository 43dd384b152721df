import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { type RateTier, TIER_NARROW, TIER_XL } from "@/lib/job-types";
import { type FakeClock, fakeClock, T0 } from "./testing";
import {
  budget,
  createWindowLimiter,
  type Endpoint,
  parseRateLimitHeaders,
  shareOf,
  type WindowLimiter,
} from "./window-limiter";

const narrow: Endpoint = { id: "item-create:list", tier: TIER_NARROW };

function limiter(options: { maxWaitMs?: number; start?: number } = {}) {
  const clock = fakeClock(options.start);
  const instance = createWindowLimiter({
    store: { kind: "memory" },
    keyPrefix: `test-${Math.random()}`,
    clock,
    maxWaitMs: options.maxWaitMs ?? 10 * 60_000,
  });
  return { limiter: instance, clock };
}

/**
 * Klaviyo as docs/klaviyo.md#rate-limits describes it: per endpoint, a 1 s and a 60 s fixed window aligned to its
 * own clock (ours + offsetMs), RateLimit-* headers on every answer, 429 past either limit.
 */
function fakeKlaviyo(offsetMs: number, rounding: "up" | "down", tier: RateTier) {
  const burst = new Map<number, number>();
  const steady = new Map<number, number>();
  const throttledAt: number[] = [];
  return {
    burst,
    steady,
    throttledAt,
    serve(localNow: number): { ok: boolean; headers: Headers } {
      const now = localNow + offsetMs;
      const [b, s] = [Math.floor(now / 1_000), Math.floor(now / 60_000)];
      if ((burst.get(b) ?? 0) >= tier.burst || (steady.get(s) ?? 0) >= tier.steady) {
        throttledAt.push(localNow);
        return { ok: false, headers: new Headers({ "Retry-After": "1" }) };
      }
      burst.set(b, (burst.get(b) ?? 0) + 1);
      steady.set(s, (steady.get(s) ?? 0) + 1);
      const untilEnd = (s + 1) * 60_000 - now;
      const reset = rounding === "up" ? Math.max(1, Math.ceil(untilEnd / 1_000)) : Math.floor(untilEnd / 1_000);
      return {
        ok: true,
        headers: new Headers({
          "RateLimit-Limit": String(tier.steady),
          "RateLimit-Remaining": String(tier.steady - (steady.get(s) ?? 0)),
          "RateLimit-Reset": String(reset),
        }),
      };
    },
  };
}

/** `count` requests at once through the limiter into `upstream`, as the proxy sends them (zero latency). */
async function drive(
  l: WindowLimiter,
  clock: FakeClock,
  upstream: ReturnType<typeof fakeKlaviyo>,
  count: number,
  endpoint = narrow,
) {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const permit = await l.acquire(endpoint);
      const answer = upstream.serve(clock.now());
      if (answer.ok) await l.observe(permit, answer.headers);
      else await l.hold(endpoint, 1);
    }),
  );
}

describe("window limiter", () => {
  it("keeps a safety margin under each tier", () => {
    expect(budget(TIER_NARROW.burst, 0.03)).toBe(72);
    expect(budget(TIER_NARROW.steady, 0.03)).toBe(727);
    expect(budget(TIER_XL.burst, 0.03)).toBe(339);
    expect(budget(TIER_XL.steady, 0.03)).toBe(3395);
  });

  it.each([0, -317, 450, -999, 29_731])(
    "never trips Klaviyo's windows under sustained overload with its clock %i ms off ours, and uses ≥ 96 % of each minute",
    async (offsetMs) => {
      const { limiter: l, clock } = limiter();
      const upstream = fakeKlaviyo(offsetMs, "up", TIER_NARROW);
      await drive(l, clock, upstream, 3_000);
      expect(upstream.throttledAt).toEqual([]);
      expect(Math.max(...upstream.burst.values())).toBeLessThanOrEqual(75);
      const minutes = [...upstream.steady.entries()].sort(([a], [b]) => a - b).map(([, n]) => n);
      expect(Math.max(...minutes)).toBeLessThanOrEqual(750);
      // Every minute after start-up (the first two: partial, then counted before the phase was
      // known) and before the batch runs out is used to our budget.
      for (const n of minutes.slice(2, -1)) expect(n).toBeGreaterThanOrEqual(0.96 * 750);
      expect(minutes.slice(2, -1).length).toBeGreaterThanOrEqual(2);
    },
  );

  it("learns where Klaviyo's windows are from RateLimit-Reset", async () => {
    const { limiter: l, clock } = limiter();
    await drive(l, clock, fakeKlaviyo(-317, "up", TIER_NARROW), 300);
    const { offsetMs, uncertaintyMs } = l.phase.burst();
    expect(Math.abs(offsetMs + 317)).toBeLessThanOrEqual(uncertaintyMs + 3);
    // Narrow enough to count as aligned (the limiter's bar is 150 ms).
    expect(uncertaintyMs).toBeLessThanOrEqual(150);
  });

  it("notices when Klaviyo rounds RateLimit-Reset down and moves its minute a second later", async () => {
    const { limiter: l, clock } = limiter();
    const upstream = fakeKlaviyo(0, "down", TIER_NARROW);
    await drive(l, clock, upstream, 2_600);
    expect(l.phase.rounding).toBe("down");
    // At most one second's worth at the first minute boundary, before the first 0 is seen.
    const firstBoundary = Math.ceil(T0 / 60_000) * 60_000;
    expect(upstream.throttledAt.every((t) => t >= firstBoundary - 1_000 && t < firstBoundary + 1_000)).toBe(true);
    expect(upstream.throttledAt.length).toBeLessThanOrEqual(75);
  });

  it("keeps list and get-one of one job kind, and different kinds, in separate budgets", async () => {
    const { limiter: l, clock } = limiter({ maxWaitMs: 5_000, start: T0 + 10_000 });
    const tier = { burst: 1_000, steady: 10 };
    const list: Endpoint = { id: "item-create:list", tier };
    const getOne: Endpoint = { id: "item-create:get", tier };
    const otherKind: Endpoint = { id: "item-update:list", tier };
    for (let i = 0; i < budget(10, 0.03); i++) await l.acquire(list);
    await expect(l.acquire(list)).rejects.toMatchObject({ code: "rate_limited" });
    const before = clock.now();
    await l.acquire(getOne);
    await l.acquire(otherKind);
    expect(clock.now() - before).toBeLessThan(100);
  });

  it("paces requests through the second instead of sending a clump", async () => {
    const { limiter: l, clock } = limiter();
    const grantedAt: number[] = [];
    await Promise.all(Array.from({ length: 20 }, async () => (await l.acquire(narrow), grantedAt.push(clock.now()))));
    const gaps = grantedAt.slice(1).map((t, i) => t - grantedAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20);
  });

  it("catches up on pacing slots a busy process woke too late for, without going faster on average", async () => {
    // Every sleep ends 150 ms late, as on a server whose event loop is saturated.
    let now = T0 + 5_000;
    const sleeps: number[] = [];
    const late = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms + 150)) };
    const l = createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `late-${Math.random()}`,
      clock: late,
      maxWaitMs: 60_000,
    });
    const grantedAt: number[] = [];
    const start = now;
    await Promise.all(Array.from({ length: 20 }, async () => (await l.acquire(narrow), grantedAt.push(now))));
    // Pacing alone (at most 37 a second before alignment is known) takes ~0.5 s for 20 requests. Paying
    // 150 ms per step instead would take 20 steps and 3 s; catching up takes a few steps.
    expect(sleeps.length).toBeLessThanOrEqual(6);
    expect(now - start).toBeLessThan(1_000);
    // Never more than the (unaligned) half burst in one of our seconds.
    const perSecond = new Map<number, number>();
    for (const t of grantedAt) perSecond.set(Math.floor(t / 1_000), (perSecond.get(Math.floor(t / 1_000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(37);
  });

  it("halves the burst budget until it knows where Klaviyo's seconds begin", async () => {
    const { limiter: l, clock } = limiter();
    const start = clock.now();
    for (let i = 0; i < 38; i++) await l.acquire(narrow);
    // The 38th waits for our next second: 37 per second while unaligned (2 × 37 ≤ 75).
    expect(clock.now()).toBeGreaterThanOrEqual(Math.ceil(start / 1_000) * 1_000);
  });

  it("fails at once with rate_limited and retryAfter when the wait would pass maxWaitMs", async () => {
    const { limiter: l, clock } = limiter({ maxWaitMs: 5_000, start: T0 + 10_000 });
    const endpoint: Endpoint = { id: "small", tier: { burst: 1_000, steady: 10 } };
    for (let i = 0; i < budget(10, 0.03); i++) await l.acquire(endpoint);
    const before = clock.now();
    const error = await l.acquire(endpoint).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("rate_limited");
    expect((error as ApiError).retryAfter).toBeGreaterThanOrEqual(48);
    expect((error as ApiError).retryAfter).toBeLessThanOrEqual(50);
    // At most a pacing step, not the 50 s it would take.
    expect(clock.now() - before).toBeLessThan(100);
  });

  it("resynchronises from RateLimit-Remaining when someone else spends the budget", async () => {
    const { limiter: l, clock } = limiter({ start: T0 + 5_000 });
    const upstream = fakeKlaviyo(0, "up", TIER_NARROW);
    const permit = await l.acquire(narrow);
    upstream.serve(clock.now());
    // Another integration on the same account has used most of the minute.
    await l.observe(
      permit,
      new Headers({ "RateLimit-Limit": "750", "RateLimit-Remaining": "100", "RateLimit-Reset": "55" }),
    );
    const minuteEnd = Math.ceil(clock.now() / 60_000) * 60_000;
    let granted = 0;
    for (;;) {
      await l.acquire(narrow);
      if (clock.now() >= minuteEnd - 1_000) break;
      granted++;
    }
    // What Klaviyo says is left (100) minus our margin (750 − 727 = 23).
    expect(granted).toBe(77);
  });

  it("ignores headers that arrive after its window has closed, and unreadable ones", async () => {
    const { limiter: l, clock } = limiter({ start: T0 + 5_000 });
    const endpoint: Endpoint = { id: "small", tier: { burst: 1_000, steady: 10 } };
    const permit = await l.acquire(endpoint);
    clock.advance(60_000);
    await l.observe(permit, new Headers({ "RateLimit-Limit": "10", "RateLimit-Remaining": "0" }));
    await l.observe(permit, new Headers({ "RateLimit-Limit": "lots" }));
    const before = clock.now();
    for (let i = 0; i < budget(10, 0.03); i++) await l.acquire(endpoint);
    // The new minute's whole budget, without waiting for another minute.
    expect(clock.now() - before).toBeLessThan(1_000);
  });

  it("neither stalls nor spins when its clocks stand still (a frozen simulator, faked Date)", async () => {
    let slept = 0;
    const frozen = { now: () => T0 + 5_000, sleep: async (ms: number) => void (slept += ms) };
    const l = createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `frozen-${Math.random()}`,
      clock: frozen,
      maxWaitMs: 10_000,
    });
    for (let i = 0; i < 5; i++) await l.acquire(narrow);
    expect(slept).toBeLessThan(5 * 30); // pacing steps only
    // The frozen second's (halved) burst runs out; waiting for a next one would be waiting forever.
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => l.acquire(narrow)));
    expect(results.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
    expect(slept).toBeLessThan(40 * 1_000); // each gives up after one wait, not after maxWaitMs
  });

  it("holds an endpoint until a 429's Retry-After has passed", async () => {
    const { limiter: l, clock } = limiter();
    await l.hold(narrow, 3);
    await l.acquire(narrow);
    expect(clock.now() - T0).toBeGreaterThanOrEqual(3_000);
  });

  it("parses RateLimit-* headers", () => {
    expect(
      parseRateLimitHeaders(
        new Headers({ "RateLimit-Limit": "750", "RateLimit-Remaining": "12", "RateLimit-Reset": "31" }),
      ),
    ).toEqual({
      limit: 750,
      remaining: 12,
      resetSeconds: 31,
    });
    expect(parseRateLimitHeaders(new Headers({ "RateLimit-Remaining": "12" }))).toBeNull();
  });
});

describe("who is asking: shares and priorities", () => {
  const small: Endpoint = { id: "item-update:get", tier: { burst: 1_000, steady: 100 } };

  function shared(options: { share?: number; backgroundShare?: number; maxWaitMs?: number } = {}) {
    const clock = fakeClock(T0 + 10_000);
    const instance = createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `share-${Math.random()}`,
      clock,
      maxWaitMs: options.maxWaitMs ?? 3_000,
      backgroundMaxWaitMs: 3_000,
      share: options.share,
      backgroundShare: options.backgroundShare,
    });
    return { limiter: instance, clock };
  }

  async function countGranted(l: WindowLimiter, endpoint: Endpoint, priority: "person" | "background") {
    let granted = 0;
    for (;;) {
      try {
        await l.acquire(endpoint, priority);
        granted++;
      } catch (error) {
        expect(error).toMatchObject({ code: "rate_limited" });
        return granted;
      }
    }
  }

  it("spends at most its share of a minute, people and background together", async () => {
    const { limiter: l } = shared({ share: 0.5, backgroundShare: 0.2 });
    // 100 a minute at a share of 0.5: 50 (well inside the 3 % margin's 97).
    expect(shareOf(100, 0.5)).toBe(50);
    expect(await countGranted(l, small, "background")).toBe(20);
    expect(await countGranted(l, small, "person")).toBe(30);
    expect(await countGranted(l, small, "background")).toBe(0);
  });

  it("lets people use the whole share when background work has not", async () => {
    const { limiter: l } = shared({ share: 0.5, backgroundShare: 0.2 });
    expect(await countGranted(l, small, "person")).toBe(50);
  });

  it("keeps the margin when the share is the whole limit", async () => {
    const { limiter: l } = shared({ share: 1 });
    expect(await countGranted(l, small, "person")).toBe(budget(100, 0.03));
  });

  it("answers a person within the short wait, with how long until the budget returns", async () => {
    const { limiter: l, clock } = shared({ share: 0.5 });
    await countGranted(l, small, "person");
    const before = clock.now();
    const error = await l.acquire(small).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "rate_limited" });
    expect((error as ApiError).retryAfter).toBeGreaterThan(3);
    expect(clock.now() - before).toBeLessThan(3_000);
  });

  it("lets a person's request go before background work queued earlier for the same endpoint", async () => {
    // Timers that fire in order, one at a time, so that waiting requests really wait for each other.
    let now = T0 + 10_250;
    const timers: { at: number; fire: () => void }[] = [];
    const clock = {
      now: () => now,
      sleep: (ms: number) => new Promise<void>((fire) => void timers.push({ at: now + ms, fire })),
    };
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    // Two a second while unaligned (half of 4): most of these requests wait for a pacing slot or a second.
    const tight: Endpoint = { id: "variant-update:get", tier: { burst: 4, steady: 1_000 } };
    const l = createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `order-${Math.random()}`,
      clock,
      maxWaitMs: 60_000,
      backgroundMaxWaitMs: 60_000,
    });
    const order: string[] = [];
    const all = Array.from({ length: 6 }, (_, i) =>
      l.acquire(tight, "background").then(() => void order.push(`background ${i}`)),
    );
    await settle();
    all.push(l.acquire(tight, "person").then(() => void order.push("person")));
    for (let step = 0; order.length < 7 && step < 1_000; step++) {
      await settle();
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) continue;
      now = Math.max(now, next.at);
      next.fire();
    }
    await Promise.all(all);
    // The first background request went out before the person asked; the person gets the next slot.
    expect(order.slice(0, 2)).toEqual(["background 0", "person"]);
    expect(order).toHaveLength(7);
  });

  it("refuses a share outside (0, 1]", () => {
    expect(() => createWindowLimiter({ store: { kind: "memory" }, keyPrefix: "x", share: 0 })).toThrow(RangeError);
    expect(() => createWindowLimiter({ store: { kind: "memory" }, keyPrefix: "x", share: 1.5 })).toThrow(RangeError);
  });
});
