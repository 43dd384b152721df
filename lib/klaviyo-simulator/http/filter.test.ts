import { describe, expect, it } from "vitest";
import { parseStatusFilter } from "./filter";

describe("parseStatusFilter", () => {
  it("accepts equals(status,…) with either quote, as the docs and the spec example write it", () => {
    for (const status of ["queued", "processing", "complete", "cancelled"] as const) {
      expect(parseStatusFilter(`equals(status,"${status}")`)).toEqual({ ok: true, status });
      expect(parseStatusFilter(`equals(status,'${status}')`)).toEqual({ ok: true, status });
    }
    expect(parseStatusFilter(` equals( status , "queued" ) `)).toEqual({ ok: true, status: "queued" });
    expect(parseStatusFilter(`equals(status,"proc\\essing")`)).toEqual({ ok: true, status: "processing" });
  });

  it("refuses everything else with a reason", () => {
    const refused = [
      "",
      "status=processing",
      "equals(status,processing)",
      "equals(status,\"processing')",
      'equals(status,"Processing")',
      'equals(status,"done")',
      "equals(created_at,2026-01-01T00:00:00Z)",
      'greater-than(status,"queued")',
      'any(status,["queued","processing"])',
      'equals(status,"queued"),equals(status,"processing")',
      'and(equals(status,"queued"))',
      'equals(status,"queued"',
      'equals(status,"")',
    ];
    for (const raw of refused) {
      const result = parseStatusFilter(raw);
      expect(result.ok, raw).toBe(false);
      if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
    }
  });
});
