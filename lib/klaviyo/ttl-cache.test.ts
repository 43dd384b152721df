import { describe, expect, it } from "vitest";
import { createSingleFlightCache } from "./ttl-cache";

describe("single-flight cache", () => {
  it("gives N concurrent callers of one key a single load", async () => {
    const cache = createSingleFlightCache<number>({ now: () => 0 });
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = async () => {
      loads++;
      await gate;
      return { value: 42, ttlMs: 1_000 };
    };
    const all = Promise.all(Array.from({ length: 50 }, () => cache.get("k", load)));
    release();
    expect(await all).toEqual(Array(50).fill(42));
    expect(loads).toBe(1);
    expect(cache.stats).toEqual({ hits: 0, joins: 49, loads: 1 });
  });

  it("serves from cache until the TTL the loader chose, then loads again", async () => {
    let now = 0;
    const cache = createSingleFlightCache<string>({ now: () => now });
    let loads = 0;
    const load = async () => ({ value: `v${++loads}`, ttlMs: 2_000 });
    expect(await cache.get("k", load)).toBe("v1");
    now = 1_999;
    expect(await cache.get("k", load)).toBe("v1");
    now = 2_000;
    expect(await cache.get("k", load)).toBe("v2");
  });

  it("never stores a failure: every joined caller gets the error, the next call loads again", async () => {
    const cache = createSingleFlightCache<string>({ now: () => 0 });
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("boom");
    };
    const results = await Promise.allSettled([cache.get("k", failing), cache.get("k", failing)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
    await expect(cache.get("k", async () => ({ value: "ok", ttlMs: 1_000 }))).resolves.toBe("ok");
  });

  it("evicts the oldest entries past maxEntries", async () => {
    const cache = createSingleFlightCache<number>({ now: () => 0, maxEntries: 2 });
    let loads = 0;
    const load = (v: number) => async () => (loads++, { value: v, ttlMs: 10_000 });
    await cache.get("a", load(1));
    await cache.get("b", load(2));
    await cache.get("c", load(3));
    await cache.get("a", load(4));
    expect(loads).toBe(4);
  });
});
