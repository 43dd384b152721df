/** The trends URL contract: defaults, and every kind of bad input refused with a message naming it. */
import { describe, expect, it, vi } from "vitest";
import { addDays, daysOf, previousSpan, spanDays, todayIn } from "./params";
import { parseTrendsApiQuery, resolveTrendsRange } from "./query.server";

vi.mock("server-only", () => ({}));

const NOW = Date.parse("2026-12-07T03:00:00Z");
const parse = (query: string) => parseTrendsApiQuery(new URLSearchParams(query), NOW);

describe("trends range", () => {
  it("defaults to the last 30 days up to today in the asked zone", () => {
    expect(parse("")).toEqual({
      ok: true,
      data: { query: { from: "2026-11-08", to: "2026-12-07", zone: "UTC" }, format: null },
    });
    // 03:00 UTC on the 7th is still the 6th in Los Angeles.
    expect(parse("zone=America/Los_Angeles")).toMatchObject({
      ok: true,
      data: { query: { from: "2026-11-07", to: "2026-12-06", zone: "America/Los_Angeles" } },
    });
    expect(parse("to=2026-02-10")).toMatchObject({
      ok: true,
      data: { query: { from: "2026-01-12", to: "2026-02-10" } },
    });
    expect(parse("from=2026-12-01")).toMatchObject({
      ok: true,
      data: { query: { from: "2026-12-01", to: "2026-12-07" } },
    });
  });

  it("takes a year at most, and one day at least", () => {
    expect(parse("from=2025-12-07&to=2026-12-07")).toMatchObject({ ok: true });
    expect(parse("from=2025-12-06&to=2026-12-07")).toEqual({
      ok: false,
      message: "to: a range holds at most 366 days (a year)",
    });
    expect(parse("from=2026-12-07&to=2026-12-07")).toMatchObject({ ok: true });
  });

  it.each([
    ["from after to", "from=2026-12-02&to=2026-12-01", "from: must not be after to"],
    ["a date that does not exist", "from=2026-02-30", 'from: must be a date such as 2026-11-30 (got "2026-02-30")'],
    ["a time instead of a date", "to=2026-12-01T10:00:00Z", "to: must be a date such as 2026-11-30"],
    ["garbage", "from=last-week", 'from: must be a date such as 2026-11-30 (got "last-week")'],
    ["an empty date", "from=", "from: must be a date"],
    ["an unknown zone", "zone=Mars/Olympus", "zone: must be an IANA time zone"],
    ["SQL in the zone", "zone=UTC';drop table jobs;--", "zone: must be an IANA time zone"],
    ["an unknown format", "format=xml", "format: must be one of csv, json"],
    ["an unknown parameter", "days=7", 'unknown parameter "days"'],
    ["a repeated parameter", "from=2026-12-01&from=2026-12-02", 'parameter "from" is repeated'],
  ])("refuses %s", (_, query, message) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it("accepts a format for the downloads", () => {
    expect(parse("format=csv")).toMatchObject({ ok: true, data: { format: "csv" } });
    expect(parse("format=json")).toMatchObject({ ok: true, data: { format: "json" } });
  });

  it("resolves a page's range the same way", () => {
    expect(resolveTrendsRange({ from: "2026-11-01", to: "2026-11-30", zone: "Europe/Berlin" }, NOW)).toEqual({
      ok: true,
      data: { from: "2026-11-01", to: "2026-11-30", zone: "Europe/Berlin" },
    });
  });
});

describe("trend dates", () => {
  it("counts days across month and year ends, and across a DST change", () => {
    expect(spanDays("2026-12-30", "2027-01-02")).toBe(4);
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysOf("2026-03-28", "2026-03-30")).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(previousSpan({ from: "2026-11-08", to: "2026-11-14" })).toEqual({ from: "2026-11-01", to: "2026-11-07" });
    expect(todayIn("Asia/Tokyo", Date.parse("2026-12-07T16:00:00Z"))).toBe("2026-12-08");
  });
});
