/**
 * The whole client (limiter, retries, parsing, cache) against the real simulator, in-process.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_REVISION } from "@/lib/env";
import { isTerminalStatus, JOB_TYPES, jobTypeInfo } from "@/lib/job-types";
import { createSimulator, type Simulator } from "@/lib/klaviyo-simulator";
import { createKlaviyoClient } from "./client";
import { systemClock } from "./clock";
import { createWindowLimiter } from "./window-limiter";

const KEY = "pk_integration_test_key";
let simulator: Simulator;

function build(options: { timeoutMs?: number; revision?: string } = {}) {
  return createKlaviyoClient({
    upstream: "simulator",
    baseUrl: "https://a.klaviyo.com",
    apiKey: KEY,
    revision: options.revision ?? DEFAULT_REVISION,
    transport: (request) => simulator.handle(request),
    limiter: createWindowLimiter({
      store: { kind: "memory" },
      keyPrefix: `sim-${Math.random()}`,
      clock: systemClock,
      windowNow: () => simulator.clock.now(),
    }),
    random: () => 0,
    timeoutMs: options.timeoutMs,
  });
}

beforeEach(() => {
  simulator = createSimulator({ seed: 7, apiKey: KEY });
});

describe("client against the in-process simulator", () => {
  it("reads the same jobs under the default revision (2026-10-15) and the previous one (2026-07-15)", async () => {
    expect(DEFAULT_REVISION).toBe("2026-10-15");
    const newest = await build().listJobs({ type: "variant-update" });
    const previous = await build({ revision: "2026-07-15" }).listJobs({ type: "variant-update" });
    expect(newest.jobs.length).toBeGreaterThan(0);
    expect(newest.jobs).toEqual(previous.jobs);
    const detail = await build().getJob({ type: "variant-update", id: newest.jobs[0]!.id });
    expect(detail.job.id).toBe(newest.jobs[0]!.id);
  });

  it("lists every job kind and opens one job of each", async () => {
    const client = build();
    for (const type of JOB_TYPES) {
      const page = await client.listJobs({ type });
      expect(page.type).toBe(type);
      expect(page.jobs.length).toBeGreaterThan(0);
      expect(page.jobs.length).toBeLessThanOrEqual(100);
      const created = page.jobs.map((job) => Date.parse(job.createdAt));
      expect(created).toEqual([...created].sort((a, b) => b - a));
      const first = page.jobs[0]!;
      const detail = await client.getJob({ type, id: first.id });
      expect(detail.job.id).toBe(first.id);
      if (jobTypeInfo(type).include) {
        expect(detail.included.every((resource) => resource.type === jobTypeInfo(type).relatedType)).toBe(true);
      } else {
        expect(detail.included).toEqual([]);
      }
    }
    expect(simulator.stats().total.throttled).toBe(0);
  });

  it("filters by status and walks pages with our opaque cursors", async () => {
    const client = build();
    const complete = await client.listJobs({ type: "item-create", status: "complete" });
    expect(complete.jobs.every((job) => job.status === "complete")).toBe(true);
    const first = await client.listJobs({ type: "item-create" });
    expect(first.prevCursor).toBeNull();
    expect(first.nextCursor).not.toBeNull();
    const second = await client.listJobs({ type: "item-create", cursor: first.nextCursor! });
    expect(second.prevCursor).not.toBeNull();
    expect(second.jobs[0]?.id).not.toBe(first.jobs[0]?.id);
    const back = await client.listJobs({ type: "item-create", cursor: second.prevCursor! });
    expect(back.jobs.map((j) => j.id)).toEqual(first.jobs.map((j) => j.id));
  });

  it("answers not_found for an unknown id", async () => {
    await expect(build().getJob({ type: "variant-update", id: "01NOSUCHJOB000000000000000" })).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
  });

  it("serves a finished job from cache", async () => {
    const client = build();
    const page = await client.listJobs({ type: "item-create", status: "complete" });
    const finished = page.jobs.find((job) => isTerminalStatus(job.status));
    expect(finished).toBeDefined();
    await client.getJob({ type: "item-create", id: finished!.id });
    const before = simulator.stats().total.requests;
    await client.getJob({ type: "item-create", id: finished!.id });
    expect(simulator.stats().total.requests).toBe(before);
  });

  it("never trips the simulator's limiter with 200 distinct concurrent requests on a 75/s endpoint", async () => {
    const client = build();
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        client.getJob({ type: "item-update", id: `01UNKNOWN${String(i).padStart(4, "0")}` }),
      ),
    );
    expect(results.every((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "not_found")).toBe(
      true,
    );
    const stats = simulator.stats().endpoints["/api/catalog-item-bulk-update-jobs/{id}"];
    expect(stats).toEqual({ requests: 200, throttled: 0 });
    // 72 per second: the third batch cannot start before two windows have passed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  }, 15_000);
});

describe("faults", () => {
  it("retries a throttle and a 503, then succeeds", async () => {
    const client = build();
    simulator.faults.set({ endpoint: "item-create", kind: "throttle", retryAfter: 0, remaining: 1 });
    simulator.faults.set({ endpoint: "item-delete", kind: "status", status: 503, remaining: 2 });
    await expect(client.listJobs({ type: "item-create" })).resolves.toMatchObject({ type: "item-create" });
    await expect(client.listJobs({ type: "item-delete" })).resolves.toMatchObject({ type: "item-delete" });
    expect(simulator.stats().endpoints["/api/catalog-item-bulk-create-jobs"]?.requests).toBe(2);
    expect(simulator.stats().endpoints["/api/catalog-item-bulk-delete-jobs"]?.requests).toBe(3);
  });

  it.each(["html403", "malformed-json", "truncated-json"] as const)(
    "turns %s into a 502 upstream_invalid",
    async (kind) => {
      simulator.faults.set({ endpoint: "*", kind });
      await expect(build().listJobs({ type: "category-update" })).rejects.toMatchObject({
        code: "upstream_invalid",
        status: 502,
      });
    },
  );

  it("does not retry a 500", async () => {
    simulator.faults.set({ endpoint: "*", kind: "status", status: 500 });
    await expect(build().listJobs({ type: "variant-delete" })).rejects.toMatchObject({ code: "upstream_unavailable" });
    expect(simulator.stats().total.requests).toBe(1);
  });

  it("times out a hanging answer, bounded", async () => {
    simulator.faults.set({ endpoint: "*", kind: "timeout", hangMs: 5_000 });
    const started = Date.now();
    await expect(build({ timeoutMs: 100 }).listJobs({ type: "variant-create" })).rejects.toMatchObject({
      code: "upstream_timeout",
      status: 504,
    });
    expect(simulator.stats().total.requests).toBe(4);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
