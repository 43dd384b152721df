// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import type { ReactElement } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { ClockProvider } from "@/components/clock";
import type { JobRow } from "@/lib/types";
import { jobColumns } from "./columns";

afterEach(cleanup);

const NOW = Date.parse("2026-11-29T12:00:00Z");
const row = (over: Partial<JobRow>): JobRow => ({
  type: "item-create",
  id: "01JOB",
  status: "processing",
  createdAt: "2026-11-29T11:40:00Z",
  completedAt: null,
  expiresAt: null,
  totalCount: 100,
  completedCount: 10,
  failedCount: 0,
  ...over,
});

/** A column's cell for one job, as the table renders it (times in UTC). */
function cellText(id: string, job: JobRow): string {
  const column = jobColumns("utc").find((c) => c.id === id) as unknown as {
    cell: (context: { row: { original: JobRow } }) => ReactElement;
  };
  const { container } = render(
    <ClockProvider serverNow={NOW}>{column.cell({ row: { original: job } })}</ClockProvider>,
  );
  return container.textContent ?? "";
}

const durationCell = (job: JobRow) => cellText("duration", job);

describe("the duration column", () => {
  it("shows no duration for a job Klaviyo has not started, and the time so far for a running one", () => {
    expect(durationCell(row({ status: "queued" }))).toBe("—not started");
    expect(durationCell(row({ status: "processing" }))).toBe("20m so far");
    expect(durationCell(row({ status: "complete", completedAt: "2026-11-29T11:45:30Z" }))).toBe("5m 30s");
  });
});

describe("the type column", () => {
  it("shows on a list of every type only, each row's own type", () => {
    expect(jobColumns("utc").map((c) => c.id)).not.toContain("type");
    expect(jobColumns("utc", undefined, true).map((c) => c.id)).toEqual([
      "id",
      "type",
      "status",
      "progress",
      "counts",
      "created",
      "completed",
      "duration",
      "expires",
    ]);
    const column = jobColumns("utc", undefined, true).find((c) => c.id === "type") as unknown as {
      cell: (context: { row: { original: JobRow } }) => ReactElement;
    };
    const { container } = render(column.cell({ row: { original: row({ type: "variant-delete" }) } }));
    expect(container.textContent).toBe("Variant delete");
    // The id cell's phone-only type label is left out: the Type column says it once.
    const idCell = (withType: boolean) =>
      (
        jobColumns("utc", undefined, withType).find((c) => c.id === "id") as unknown as {
          cell: (context: { row: { original: JobRow } }) => ReactElement;
        }
      ).cell({ row: { original: row({ type: "variant-delete" }) } });
    expect(render(idCell(false)).container.textContent).toContain("Variant delete");
    expect(render(idCell(true)).container.textContent).not.toContain("Variant delete");
  });
});

describe("the created column", () => {
  it("shows the exact time, to the minute and in the chosen zone, under the relative one", () => {
    expect(cellText("created", row({}))).toBe("20 min. ago2026-11-29 11:40 UTC");
  });
});
