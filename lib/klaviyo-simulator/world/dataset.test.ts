import { describe, expect, it } from "vitest";
import { JOB_TYPES } from "@/lib/job-types";
import { ANCHOR } from "@/lib/klaviyo-simulator/testing";
import { generateDataset } from "./dataset";
import { MAX_IN_PROGRESS, MAX_OPS_PER_JOB } from "./schedule";
import { HORIZON_MS } from "./sync-recipes";

const dataset = generateDataset(42, ANCHOR);
const jobs = [...dataset.byId.values()];
const visible = (type: (typeof JOB_TYPES)[number]) => dataset.byType[type].filter((job) => job.createdAt <= ANCHOR);

describe("generated sync history", () => {
  it("is deterministic for a seed and anchor, and differs across seeds", () => {
    const again = generateDataset(42, ANCHOR + 0);
    expect(again.byType["item-create"].map((job) => job.id)).toEqual(
      dataset.byType["item-create"].map((job) => job.id),
    );
    const other = generateDataset(7, ANCHOR);
    expect(other.byType["item-create"][0]?.id).not.toBe(dataset.byType["item-create"][0]?.id);
  });

  it("holds several hundred to a few thousand jobs, every kind spanning more than one 100-job page", () => {
    expect(jobs.length).toBeGreaterThan(1_000);
    expect(jobs.length).toBeLessThan(3_000);
    for (const type of JOB_TYPES) expect(visible(type).length, type).toBeGreaterThan(100);
    expect(visible("item-create").length).toBeGreaterThan(300);
    expect(visible("variant-create").length).toBeGreaterThan(300);
  });

  it("never puts more than 100 operations in a job", () => {
    for (const job of jobs) {
      expect(job.total).toBeGreaterThanOrEqual(1);
      expect(job.total).toBeLessThanOrEqual(MAX_OPS_PER_JOB);
    }
  });

  it("never has more than 500 jobs in progress at once, and does reach the cap", () => {
    const events = jobs
      .flatMap(
        (job) =>
          [
            [job.createdAt, 1],
            [job.endAt, -1],
          ] as const,
      )
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let current = 0;
    let peak = 0;
    for (const [, delta] of events) peak = Math.max(peak, (current += delta));
    expect(peak).toBe(MAX_IN_PROGRESS);
  });

  it("groups jobs into bursts: a sync's jobs are created seconds apart, items before variants before categories", () => {
    for (const sync of dataset.syncs) {
      const created = sync.jobs.map((job) => job.createdAt);
      expect([...created].sort((a, b) => a - b)).toEqual(created);
      if (sync.kind === "import") continue; // the import waits on the in-progress cap
      for (let i = 1; i < created.length; i++) expect(created[i]! - created[i - 1]!).toBeLessThanOrEqual(61_000);
    }
    const order = ["item-create", "variant-create", "category-create"];
    const importSync = dataset.syncs.find((sync) => sync.kind === "import");
    expect(importSync).toBeDefined();
    const kinds = [...new Set(importSync!.jobs.map((job) => job.type))];
    expect(kinds).toEqual(order);
  });

  it("has one big recent sync of hundreds of jobs, and syncs of several kinds", () => {
    const recent = dataset.syncs.filter((sync) => sync.jobs.some((job) => job.createdAt > ANCHOR - 2 * 3_600_000));
    expect(Math.max(...recent.map((sync) => sync.jobs.length))).toBeGreaterThan(300);
    expect(new Set(dataset.syncs.map((sync) => sync.kind))).toEqual(new Set(["delta", "nightly", "cleanup", "import"]));
    const multiKind = dataset.syncs.filter((sync) => new Set(sync.jobs.map((job) => job.type)).size >= 3);
    expect(multiKind.length).toBeGreaterThan(20);
  });

  it("schedules a few jobs in the next two hours and none beyond", () => {
    const future = jobs.filter((job) => job.createdAt > ANCHOR);
    expect(future.length).toBeGreaterThan(0);
    for (const job of future) expect(job.createdAt).toBeLessThan(ANCHOR + HORIZON_MS + 30 * 60_000);
  });

  it("cancels a few jobs part-way, and fails entries in a minority of jobs", () => {
    const cancelled = jobs.filter((job) => job.cancelled);
    expect(cancelled.length).toBeGreaterThan(5);
    expect(cancelled.length).toBeLessThan(jobs.length * 0.05);
    for (const job of cancelled) expect(job.endAt).toBeLessThan(job.startAt + job.durationMs);
    const failing = jobs.filter((job) => job.failures.length > 0);
    expect(failing.length).toBeGreaterThan(jobs.length * 0.15);
    expect(failing.length).toBeLessThan(jobs.length * 0.6);
  });

  it("sorts each kind newest first with ULID ids", () => {
    for (const type of JOB_TYPES) {
      const list = dataset.byType[type];
      for (let i = 1; i < list.length; i++) expect(list[i - 1]!.createdAt).toBeGreaterThanOrEqual(list[i]!.createdAt);
      for (const job of list) expect(job.id).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
    }
    expect(new Set(jobs.map((job) => job.id)).size).toBe(jobs.length);
  });
});
