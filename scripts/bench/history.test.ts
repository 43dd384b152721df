import { describe, expect, it } from "vitest";
import { JOB_TYPES } from "../../lib/job-types";
import { listPages, syntheticJobs } from "./history";

const END = Date.UTC(2026, 10, 18, 18);
const jobs = [...syntheticJobs({ count: 20_000, endAt: END, seed: 5 })];
const MIN = 60_000;

describe("the history benchmark's synthetic jobs", () => {
  it("are as many as asked, unique, newest first, ending at endAt, and the same for the same seed", () => {
    expect(jobs).toHaveLength(20_000);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(20_000);
    expect(jobs[0]!.createdAt).toBe(new Date(END).toISOString());
    const times = jobs.map((job) => Date.parse(job.createdAt));
    expect(times.every((t, i) => i === 0 || t < times[i - 1]!)).toBe(true);
    expect([...syntheticJobs({ count: 50, endAt: END, seed: 5 })]).toEqual(jobs.slice(0, 50));
  });

  it("cover all nine types", () => {
    expect(new Set(jobs.map((job) => job.type))).toEqual(new Set(JOB_TYPES));
  });

  it("have failed operations in about 10 % of jobs, one error entry per failed operation", () => {
    const failing = jobs.filter((job) => job.failedCount > 0);
    expect(failing.length / jobs.length).toBeGreaterThan(0.08);
    expect(failing.length / jobs.length).toBeLessThan(0.12);
    expect(jobs.filter((job) => job.errors.length !== job.failedCount)).toEqual([]);
    expect(jobs.filter((job) => job.completedCount + job.failedCount > job.totalCount)).toEqual([]);
  });

  it("come in bursts: seconds apart within a sync, 20 minutes or more between syncs", () => {
    const gaps = jobs.slice(1).map((job, i) => Date.parse(jobs[i]!.createdAt) - Date.parse(job.createdAt));
    expect(gaps.every((gap) => gap <= 4_000 || gap >= 20 * MIN)).toBe(true);
    const bursts = gaps.filter((gap) => gap >= 20 * MIN).length + 1;
    const meanBurst = jobs.length / bursts;
    expect(meanBurst).toBeGreaterThan(100);
    expect(meanBurst).toBeLessThan(400);
  });

  it("are finished, mostly complete, some cancelled, with Klaviyo's seven-day expiry", () => {
    const cancelled = jobs.filter((job) => job.status === "cancelled").length;
    expect(jobs.every((job) => job.status === "complete" || job.status === "cancelled")).toBe(true);
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled / jobs.length).toBeLessThan(0.03);
    for (const job of jobs.slice(0, 100)) {
      expect(Date.parse(job.expiresAt!) - Date.parse(job.completedAt!)).toBe(7 * 24 * 60 * MIN);
    }
  });
});

describe("listPages", () => {
  it("groups jobs into pages of one type, at most 100 each, keeping every job once", () => {
    const pages = [...listPages(jobs.slice(0, 3_000))];
    expect(pages.every((page) => page.length <= 100 && page.every((job) => job.type === page[0]!.type))).toBe(true);
    expect(
      pages
        .flat()
        .map((job) => job.id)
        .sort(),
    ).toEqual(
      jobs
        .slice(0, 3_000)
        .map((job) => job.id)
        .sort(),
    );
  });
});
