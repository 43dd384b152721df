import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/types";
import { itemsByHourCreated, statusBreakdown } from "./stats";

const job = (over: Partial<Job>): Job => ({
  type: "item-create",
  id: "J",
  status: "complete",
  createdAt: "2026-11-28T10:15:00Z",
  completedAt: null,
  expiresAt: null,
  totalCount: 100,
  completedCount: 0,
  failedCount: 0,
  errors: [],
  relatedIds: [],
  ...over,
});

describe("chart data", () => {
  it("counts jobs per status, keeping unknown statuses and dropping empty ones", () => {
    const data = statusBreakdown([
      job({}),
      job({ status: "processing" }),
      job({ status: "complete" }),
      job({ status: "paused" }),
    ]);
    expect(data).toEqual([
      { status: "processing", jobs: 1 },
      { status: "complete", jobs: 2 },
      { status: "paused", jobs: 1 },
    ]);
  });

  it("sums items by the UTC hour of creation, oldest first", () => {
    const data = itemsByHourCreated([
      job({ createdAt: "2026-11-28T11:59:59Z", completedCount: 10, failedCount: 1 }),
      job({ createdAt: "2026-11-28T10:00:00Z", completedCount: 5, failedCount: 5 }),
      job({ createdAt: "2026-11-28T11:00:00+00:00", completedCount: 1, failedCount: 2 }),
      job({ createdAt: "garbage", completedCount: 1000 }),
    ]);
    expect(data).toEqual([
      { hour: "2026-11-28T10:00:00.000Z", completed: 5, failed: 5 },
      { hour: "2026-11-28T11:00:00.000Z", completed: 11, failed: 3 },
    ]);
  });

  it("buckets by the hours of the chosen zone, also one a half hour off UTC", () => {
    const jobs = [
      job({ createdAt: "2026-11-28T10:15:00Z", completedCount: 1 }),
      job({ createdAt: "2026-11-28T10:45:00Z", completedCount: 2 }),
    ];
    // 15:45 and 16:15 in Kolkata (UTC+5:30): two local hours, starting at 09:30 and 10:30 UTC.
    expect(itemsByHourCreated(jobs, "Asia/Kolkata")).toEqual([
      { hour: "2026-11-28T09:30:00.000Z", completed: 1, failed: 0 },
      { hour: "2026-11-28T10:30:00.000Z", completed: 2, failed: 0 },
    ]);
    expect(itemsByHourCreated(jobs, "America/New_York")).toEqual([
      { hour: "2026-11-28T10:00:00.000Z", completed: 3, failed: 0 },
    ]);
  });
});
