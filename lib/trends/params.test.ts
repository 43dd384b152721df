import { describe, expect, it } from "vitest";
import { parseHistoryFilter } from "@/lib/jobs/history-filter";
import { jobsOfDaysHref, zonedDayEdge } from "./params";

describe("a trend day's jobs link", () => {
  it("names a day cut in another zone by its edge instants, with that day's offset", () => {
    expect(zonedDayEdge("2026-12-01", "from", "Europe/Berlin")).toBe("2026-12-01T00:00:00+01:00");
    expect(zonedDayEdge("2026-07-01", "to", "Europe/Berlin")).toBe("2026-07-01T23:59:59.999+02:00");
    expect(zonedDayEdge("2026-12-01", "from", "America/New_York")).toBe("2026-12-01T00:00:00-05:00");
    expect(zonedDayEdge("2026-12-01", "from", "Asia/Kolkata")).toBe("2026-12-01T00:00:00+05:30");
    // The days offsets change: the edge takes the offset in force at that instant.
    expect(zonedDayEdge("2026-03-29", "from", "Europe/Berlin")).toBe("2026-03-29T00:00:00+01:00");
    expect(zonedDayEdge("2026-03-29", "to", "Europe/Berlin")).toBe("2026-03-29T23:59:59.999+02:00");
  });

  it("keeps bare dates for UTC days, and the view's zone choice", () => {
    expect(jobsOfDaysHref({ from: "2026-12-01", to: "2026-12-01" }, "utc", "UTC")).toBe(
      "/jobs?type=all&from=2026-12-01&to=2026-12-01&tz=utc",
    );
    const href = jobsOfDaysHref({ from: "2026-12-01", to: "2026-12-02" }, "local", "America/New_York");
    const params = new URL(href, "http://x").searchParams;
    expect(params.get("from")).toBe("2026-12-01T00:00:00-05:00");
    expect(params.get("to")).toBe("2026-12-02T23:59:59.999-05:00");
    expect(params.get("tz")).toBeNull();
    // The list reads them as exactly those New York days (end exclusive).
    const parsed = parseHistoryFilter({ from: params.get("from")!, to: params.get("to")! });
    expect(parsed).toMatchObject({
      ok: true,
      filter: { fromMs: Date.parse("2026-12-01T05:00:00Z"), toMs: Date.parse("2026-12-03T05:00:00Z") },
    });
  });
});
