import { describe, expect, it } from "vitest";
import { JOB_TYPES } from "@/lib/job-types";
import { parseErrorPointer } from "@/lib/jobs/error-pointer";
import { ANCHOR, frozenSimulator } from "@/lib/klaviyo-simulator/testing";
import { ERROR_TEMPLATES } from "./job-errors";

const HOUR = 3_600_000;

describe("store: jobs as the API shows them at the clock", () => {
  it("moves a job from queued through processing to complete as the clock advances", () => {
    const sim = frozenSimulator();
    const queued = sim.store.listJobs("variant-create", { status: "queued" }).at(-1);
    expect(queued).toBeDefined();
    const id = queued!.id;
    const seen: string[] = [];
    let last = { completed: 0, failed: 0 };
    for (let step = 0; step < 24 * 12; step++) {
      const job = sim.store.getJob("variant-create", id)!;
      if (seen.at(-1) !== job.status) seen.push(job.status);
      expect(job.completedCount).toBeGreaterThanOrEqual(last.completed);
      expect(job.failedCount).toBeGreaterThanOrEqual(last.failed);
      last = { completed: job.completedCount, failed: job.failedCount };
      if (job.status === "complete") break;
      sim.clock.advance(20_000);
    }
    expect(seen).toEqual(["queued", "processing", "complete"]);
  });

  it("keeps counts and errors consistent in every state", () => {
    const sim = frozenSimulator();
    for (const at of [ANCHOR - 40 * HOUR, ANCHOR - 20 * 60_000, ANCHOR]) {
      for (const job of sim.store.listAllJobs(at)) {
        expect(job.failedCount).toBe(job.errors.length);
        expect(job.completedCount + job.failedCount).toBeLessThanOrEqual(job.totalCount);
        expect(job.relatedIds).toHaveLength(job.completedCount);
        if (job.status === "complete") expect(job.completedCount + job.failedCount).toBe(job.totalCount);
        if (job.status === "queued") expect(job.completedCount + job.failedCount).toBe(0);
        expect(job.completedAt === null).toBe(job.status === "queued" || job.status === "processing");
        expect(job.expiresAt === null).toBe(job.completedAt === null);
      }
    }
  });

  it("shows cancelled jobs with partial counts", () => {
    const sim = frozenSimulator();
    const cancelled = sim.store.listAllJobs().filter((job) => job.status === "cancelled");
    expect(cancelled.length).toBeGreaterThan(3);
    expect(cancelled.some((job) => job.completedCount + job.failedCount < job.totalCount)).toBe(true);
  });

  it("writes realistic errors whose pointers name the failing entry's field", () => {
    const sim = frozenSimulator();
    const codes = new Set<string>();
    const titles = new Set<string>();
    for (const type of JOB_TYPES) {
      const fields = new Set(ERROR_TEMPLATES[type].map((template) => template.field));
      for (const job of sim.store.listJobs(type)) {
        const indexes = new Set<number>();
        for (const error of job.errors) {
          codes.add(error.code);
          titles.add(error.title);
          expect(error.id).toMatch(/^[0-9a-f-]{36}$/);
          expect(error.detail.length).toBeGreaterThan(10);
          const target = parseErrorPointer(error.source.pointer);
          expect(target, error.source.pointer).not.toBeNull();
          expect(target!.index).toBeLessThan(job.totalCount);
          expect(fields.has(target!.field ?? "")).toBe(true);
          indexes.add(target!.index);
        }
        expect(indexes.size).toBe(job.errors.length); // one error per failed entry
      }
    }
    expect(codes.size).toBeGreaterThanOrEqual(5);
    expect(titles.size).toBeGreaterThanOrEqual(5);
  });

  it("reveals errors progressively while a job processes", () => {
    const sim = frozenSimulator();
    const plan = sim.store
      .listAllJobs()
      .find((job) => job.status === "complete" && job.failedCount >= 5 && job.failedCount < job.totalCount);
    expect(plan).toBeDefined();
    const all = sim.store.getJob(plan!.type, plan!.id)!;
    // Rewind to its creation and walk forward: the errors seen are always a prefix of the final list.
    const created = Date.parse(all.createdAt);
    const counts: number[] = [];
    for (let at = created; at <= Date.parse(all.completedAt!) + 1; at += 2_000) {
      const job = sim.store.getJob(plan!.type, plan!.id, at)!;
      expect(job.errors).toEqual(all.errors.slice(0, job.errors.length));
      counts.push(job.errors.length);
    }
    expect(counts[0]).toBe(0);
    expect(new Set(counts).size).toBeGreaterThan(2);
  });

  it("hides jobs before they are created and after they expire", () => {
    const sim = frozenSimulator();
    const future = sim.store
      .listJobs("item-update", { at: ANCHOR + 3 * HOUR })
      .filter((job) => Date.parse(job.createdAt) > ANCHOR);
    expect(future.length).toBeGreaterThan(0);
    expect(sim.store.getJob("item-update", future[0]!.id)).toBeNull();
    sim.clock.advance(3 * HOUR);
    expect(sim.store.getJob("item-update", future[0]!.id)).not.toBeNull();

    const oldest = sim.store.listJobs("item-update").at(-1)!;
    expect(Date.parse(oldest.expiresAt!)).toBeGreaterThan(ANCHOR);
    sim.clock.set(Date.parse(oldest.expiresAt!) + 1);
    expect(sim.store.getJob("item-update", oldest.id)).toBeNull();
    expect(sim.store.getJob("item-delete", sim.store.listJobs("item-update")[0]!.id)).toBeNull(); // wrong kind
  });

  it("lists syncs with their jobs for run-level aggregates", () => {
    const sim = frozenSimulator();
    const syncs = sim.store.listSyncs();
    const total = syncs.reduce((sum, sync) => sum + sync.jobs.length, 0);
    expect(total).toBe(sim.store.listAllJobs().length);
    for (const sync of syncs) expect(sync.firstCreatedAt <= sync.lastCreatedAt).toBe(true);
  });
});
