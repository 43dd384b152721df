import { describe, expect, it } from "vitest";
import { ULID_PATTERN, ulid, uuid } from "./ids";
import { hashSeed, mulberry32, rngFor } from "./prng";

describe("seeded randomness", () => {
  it("repeats for the same seed and differs across seeds", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it("derives independent seeds from parts", () => {
    expect(hashSeed(42, "item", 1)).toBe(hashSeed(42, "item", 1));
    expect(hashSeed(42, "item", 1)).not.toBe(hashSeed(42, "item", 2));
    expect(hashSeed(1)).not.toBe(hashSeed("1"));
    // ms timestamps exceed 32 bits; both halves must count
    expect(hashSeed(Date.UTC(2026, 0, 1))).not.toBe(hashSeed(Date.UTC(2026, 0, 1) + 2 ** 32));
  });
});

describe("ids", () => {
  it("makes 26-character Crockford ULIDs that sort by time", () => {
    const early = ulid(Date.UTC(2026, 10, 27), rngFor(1));
    const late = ulid(Date.UTC(2026, 10, 28), rngFor(1));
    expect(early).toMatch(ULID_PATTERN);
    expect(early).toHaveLength(26);
    expect(early < late).toBe(true);
    expect(ulid(1_469_918_176_385, rngFor(2)).slice(0, 10)).toBe("01ARYZ6S41"); // the ULID spec's example time
  });

  it("makes version-4-shaped UUIDs", () => {
    expect(uuid(rngFor(3))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
