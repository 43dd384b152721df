import { describe, expect, it } from "vitest";
import { formatDuration, formatExact, formatPercent, formatRelative, percent } from "./format";

describe("format", () => {
  it("clamps percentages and never shows 0% or 100% for a partial share", () => {
    expect(percent(5, 0)).toBe(0);
    expect(percent(150, 100)).toBe(100);
    expect(formatPercent(1, 1000)).toBe("<1%");
    expect(formatPercent(999, 1000)).toBe(">99%");
    expect(formatPercent(37, 100)).toBe("37%");
  });

  it("formats durations at a readable precision", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(45_000)).toBe("45s");
    expect(formatDuration(192_000)).toBe("3m 12s");
    expect(formatDuration(3_840_000)).toBe("1h 4m");
    expect(formatDuration(90_000_000)).toBe("1d 1h");
    expect(formatDuration(-1)).toBe("—");
  });

  it("formats relative times both ways", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(formatRelative("2026-11-28T11:57:00Z", now)).toMatch(/3 min\.? ago/);
    expect(formatRelative("2026-11-30T12:00:00Z", now)).toBe("in 2 days");
    expect(formatRelative("2026-11-28T12:00:02Z", now)).toBe("now");
    expect(formatRelative("not a date", now)).toBe("—");
  });

  it("formats exact times in the chosen zone", () => {
    expect(formatExact("2026-11-28T14:03:11+00:00", "UTC")).toBe("2026-11-28 14:03:11 UTC");
    expect(formatExact("2026-11-28T00:30:00Z", "America/New_York")).toBe("2026-11-27 19:30:00 EST");
  });
});
