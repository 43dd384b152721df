import { describe, expect, it } from "vitest";
import { ANCHOR } from "@/lib/klaviyo-simulator/testing";
import { oldestSupportedRevision, resolveRevision, revisionFeatures } from "./revision";

describe("resolveRevision", () => {
  it("serves supported revisions as themselves", () => {
    for (const revision of ["2026-07-15", "2026-10-15", "2025-01-15", "2026-04-15.pre"]) {
      expect(resolveRevision(revision, false, ANCHOR)).toEqual({
        ok: true,
        requested: revision,
        served: revision,
        fellForward: false,
      });
    }
  });

  it("requires a well-formed, known revision", () => {
    for (const header of [null, "", "latest", "2026-7-15", "2026-07-15 ", "2026-02-30", "2026-07-16", "2027-01-15"]) {
      const result = resolveRevision(header, false, ANCHOR);
      if (header === "2026-07-15 ") {
        expect(result.ok).toBe(true); // header values are trimmed, as HTTP does
        continue;
      }
      expect(result, String(header)).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("falls a retired revision forward to the oldest supported one, or answers 410 on opt-out", () => {
    expect(oldestSupportedRevision(ANCHOR)).toBe("2025-01-15");
    expect(resolveRevision("2023-02-22", false, ANCHOR)).toEqual({
      ok: true,
      requested: "2023-02-22",
      served: "2025-01-15",
      fellForward: true,
    });
    expect(resolveRevision("2024-10-15", false, ANCHOR)).toMatchObject({ served: "2025-01-15", fellForward: true });
    expect(resolveRevision("2023-02-22", true, ANCHOR)).toMatchObject({ ok: false, status: 410 });
  });

  it("follows the calendar: 2025-01-15 retires two years after release", () => {
    const later = Date.UTC(2027, 1, 1);
    expect(oldestSupportedRevision(later)).toBe("2025-04-15");
    expect(resolveRevision("2025-01-15", false, later)).toMatchObject({ served: "2025-04-15", fellForward: true });
  });

  it("knows which shape each served revision has", () => {
    expect(revisionFeatures("2025-01-15")).toEqual({ getOneSelfLink: false, idInFields: false });
    expect(revisionFeatures("2026-01-15")).toEqual({ getOneSelfLink: true, idInFields: false });
    expect(revisionFeatures("2026-07-15")).toEqual({ getOneSelfLink: true, idInFields: true });
  });
});
