import { describe, expect, it } from "vitest";
import { TIER_NARROW, TIER_XL } from "@/lib/job-types";
import { RateLimiter } from "./rate-limiter";

const T0 = 1_800_000_000_000; // a whole minute: windows start here

describe("RateLimiter", () => {
  it("allows the burst, then refuses until the next second", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 75; i++) expect(limiter.take("k", "e", TIER_NARROW, T0 + 10).allowed).toBe(true);
    expect(limiter.take("k", "e", TIER_NARROW, T0 + 500)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take("k", "e", TIER_NARROW, T0 + 1_000).allowed).toBe(true);
  });

  it("enforces the steady window across bursts, with Retry-After to the end of the minute", () => {
    const limiter = new RateLimiter();
    let served = 0;
    for (let second = 0; second < 60 && served < 750; second++) {
      for (let i = 0; i < 75; i++) if (limiter.take("k", "e", TIER_NARROW, T0 + second * 1_000).allowed) served++;
    }
    expect(served).toBe(750);
    expect(limiter.take("k", "e", TIER_NARROW, T0 + 15_000)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.take("k", "e", TIER_NARROW, T0 + 60_000).allowed).toBe(true);
  });

  it("reports the steady window in its headers' numbers", () => {
    const limiter = new RateLimiter();
    expect(limiter.take("k", "e", TIER_XL, T0 + 20_500)).toEqual({
      allowed: true,
      limit: 3_500,
      remaining: 3_499,
      resetSeconds: 40,
    });
  });

  it("keeps accounts and endpoints apart", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 75; i++) limiter.take("a", "e", TIER_NARROW, T0);
    expect(limiter.take("a", "e", TIER_NARROW, T0).allowed).toBe(false);
    expect(limiter.take("b", "e", TIER_NARROW, T0).allowed).toBe(true);
    expect(limiter.take("a", "other", TIER_NARROW, T0).allowed).toBe(true);
  });

  it("counts without refusing when not enforcing, and forgets on reset", () => {
    const relaxed = new RateLimiter(false);
    for (let i = 0; i < 100; i++) expect(relaxed.take("k", "e", TIER_NARROW, T0).allowed).toBe(true);
    const limiter = new RateLimiter();
    for (let i = 0; i < 75; i++) limiter.take("k", "e", TIER_NARROW, T0);
    limiter.reset();
    expect(limiter.take("k", "e", TIER_NARROW, T0).allowed).toBe(true);
  });
});
