import { describe, expect, it } from "vitest";
import {
  compareText,
  formatClock,
  formatCount,
  formatDay,
  formatDuration,
  formatExact,
  formatExactWithIntl,
  formatPercent,
  formatRelative,
  formatRelativeUnits,
  percent,
} from "./format";

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

  // The hand-written formats must say exactly what Intl says: the server and the browser render the
  // same markup only if they agree, and Intl is what they replaced.
  it("groups counts as Intl's en-US does", () => {
    const intl = new Intl.NumberFormat("en-US");
    const values = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -9_876_543_210, Number.MAX_SAFE_INTEGER];
    for (let v = 1; v < 1e15; v = v * 7 + 3) values.push(v, -v);
    for (const v of values) expect(formatCount(v)).toBe(intl.format(v));
    // Not a whole number: still grouped, with its fraction.
    expect(formatCount(1234.5)).toBe("1,234.5");
  });

  it("says relative times in Intl's short English words, for every unit and both directions", () => {
    const intl = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });
    for (const unit of ["year", "month", "day", "hour", "minute", "second"] as const) {
      for (let n = -1500; n <= 1500; n++) expect(formatRelativeUnits(n, unit)).toBe(intl.format(n, unit));
      for (const n of [-123_456, 98_765, 1_000_000]) expect(formatRelativeUnits(n, unit)).toBe(intl.format(n, unit));
    }
  });

  it("formats UTC times as Intl does, at every hour and around midnight", () => {
    const start = Date.parse("2026-12-31T00:00:00Z");
    for (let t = start - 400 * 86_400_000; t < start + 2 * 86_400_000; t += 3_599_999) {
      const date = new Date(t);
      expect(formatExact(date.toISOString(), "UTC")).toBe(formatExactWithIntl(date, "UTC"));
    }
    expect(formatExact("2026-01-01T00:00:00.000Z", "UTC")).toBe("2026-01-01 00:00:00 UTC");
  });

  it("formats UTC clock times as Intl's en-GB does, and other zones through it", () => {
    const intl = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
    const start = Date.parse("2026-11-29T00:00:00Z");
    for (let t = start - 86_400_000; t < start + 86_400_000; t += 59_999)
      expect(formatClock(t, "UTC")).toBe(intl.format(t));
    expect(formatClock(Date.parse("2026-11-29T05:07:00Z"), "America/New_York")).toBe("00:07");
  });

  it("adds seconds to clock times when asked, as Intl's en-GB does", () => {
    const intl = new Intl.DateTimeFormat("en-GB", {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZone: "UTC",
    });
    const start = Date.parse("2026-11-29T00:00:00Z");
    for (let t = start - 3_600_000; t < start + 3_600_000; t += 997)
      expect(formatClock(t, "UTC", { seconds: true })).toBe(intl.format(t));
    expect(formatClock(Date.parse("2026-11-29T05:07:09Z"), "America/New_York", { seconds: true })).toBe("00:07:09");
  });

  it("names the day an instant falls on as Intl's en-CA does, in UTC, the process's own zone and a named one", () => {
    const saved = process.env.TZ;
    try {
      // A zone 5:45 ahead of UTC, so the local day and the UTC day differ for part of each day.
      process.env.TZ = "Asia/Kathmandu";
      const local = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
      const utc = new Intl.DateTimeFormat("en-CA", {
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        timeZone: "UTC",
      });
      const start = Date.parse("2026-12-31T00:00:00Z");
      for (let t = start - 3 * 86_400_000; t < start + 3 * 86_400_000; t += 899_999) {
        expect(formatDay(t, "UTC")).toBe(utc.format(t));
        expect(formatDay(t, undefined)).toBe(local.format(t));
      }
      expect(formatDay(Date.parse("2026-12-06T20:00:00Z"), undefined)).toBe("2026-12-07");
      expect(formatDay(Date.parse("2026-12-07T03:00:00Z"), "America/New_York")).toBe("2026-12-06");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("orders text by code unit, whatever the locale", () => {
    expect(["item-update", "category-create", "item-create", "Item", "variant-delete"].sort(compareText)).toEqual([
      "Item",
      "category-create",
      "item-create",
      "item-update",
      "variant-delete",
    ]);
    expect(compareText("a", "a")).toBe(0);
    expect(compareText("title", "")).toBe(1);
  });
});
