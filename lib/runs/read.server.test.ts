import { describe, expect, it, vi } from "vitest";
import { JOB_TYPES, type JobType } from "@/lib/job-types";
import type { Job, JobPage } from "@/lib/types";

// The real door is never touched: every test passes its own fake `listJobs`, or reads what the
// default one was asked.
const doorCalls = vi.hoisted(() => [] as { type: string; priority: unknown }[]);
vi.mock("@/lib/klaviyo", () => ({
  listJobs: (query: { type: string }, priority: unknown) => {
    doorCalls.push({ type: query.type, priority });
    return Promise.reject(new Error("the real listJobs must not be called in these tests"));
  },
}));

const { collectJobsSince, getRecentRuns, getRun, getRunErrorRows, MAX_PAGES_PER_TYPE } = await import("./read.server");

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

function job(type: JobType, minutesAgo: number, i: number): Job {
  return {
    type,
    id: `${type}-${i}`,
    status: minutesAgo < 5 ? "processing" : "complete",
    createdAt: new Date(NOW - minutesAgo * MIN).toISOString(),
    completedAt: minutesAgo < 5 ? null : new Date(NOW - minutesAgo * MIN + MIN).toISOString(),
    expiresAt: null,
    totalCount: 100,
    completedCount: minutesAgo < 5 ? 10 : 98,
    failedCount: 2,
    errors: [],
    relatedIds: [],
  };
}

/** A fake Klaviyo account: `jobsPerType` jobs of each type, one every `spacingMin` minutes back from now. */
function fakeAccount(jobsPerType: Partial<Record<JobType, number>>, spacingMin = 1) {
  const lists = new Map<JobType, Job[]>(
    JOB_TYPES.map((type) => [
      type,
      Array.from({ length: jobsPerType[type] ?? 0 }, (_, i) => job(type, i * spacingMin, i)),
    ]),
  );
  const calls: { type: JobType; cursor?: string }[] = [];
  let active = 0;
  let maxActive = 0;
  const list = vi.fn(async (q: { type: JobType; cursor?: string }): Promise<JobPage> => {
    calls.push(q);
    active += 1;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, 1));
    active -= 1;
    const all = lists.get(q.type) ?? [];
    const page = q.cursor ? Number(q.cursor.slice(1)) : 0;
    const jobs = all.slice(page * 100, page * 100 + 100);
    const more = (page + 1) * 100 < all.length;
    return {
      type: q.type,
      status: null,
      jobs,
      nextCursor: more ? `p${page + 1}` : null,
      prevCursor: page > 0 ? `p${page - 1}` : null,
      fetchedAt: "",
    };
  });
  return { list, calls, maxActive: () => maxActive };
}

describe("collectJobsSince: the upstream call budget", () => {
  it("pages each type only until a page reaches past the window's start: ⌊n/100⌋ + 1 calls per type", async () => {
    // 1,000 jobs of item-create, one a minute: the last 24 h hold 1,000, the last hour 60.
    const account = fakeAccount({ "item-create": 1_000, "variant-update": 250 });
    const hour = await collectJobsSince(NOW - 60 * MIN, { list: account.list });
    expect(hour.listCalls).toBe(9); // 60 item-create jobs fit one page; empty types cost one call each
    expect(account.calls.filter((c) => c.type === "item-create")).toHaveLength(1);

    const fourHours = fakeAccount({ "item-create": 1_000, "variant-update": 250 });
    const result = await collectJobsSince(NOW - 240 * MIN, { list: fourHours.list });
    // item-create: 241 jobs since → 3 pages (the third reaches past the start); variant-update: 241 → 3.
    expect(fourHours.calls.filter((c) => c.type === "item-create").map((c) => c.cursor)).toEqual([
      undefined,
      "p1",
      "p2",
    ]);
    expect(result.listCalls).toBe(3 + 3 + 7);
    expect(result.truncated).toEqual([]);
    // every job since the start is there; older ones that shared the last page may be too
    const since = result.jobs.filter((j) => Date.parse(j.createdAt) >= NOW - 240 * MIN);
    expect(since.filter((j) => j.type === "item-create")).toHaveLength(241);
  });

  it("stops at the end of a short list", async () => {
    const account = fakeAccount({ "category-delete": 30 });
    const result = await collectJobsSince(NOW - 1_000 * MIN, { list: account.list });
    expect(result.listCalls).toBe(9);
    expect(result.jobs).toHaveLength(30);
  });

  it("caps the pages per type and says which types it cut short", async () => {
    const account = fakeAccount({ "variant-update": 5_000 });
    const result = await collectJobsSince(NOW - 10_000 * MIN, { list: account.list });
    expect(account.calls.filter((c) => c.type === "variant-update")).toHaveLength(MAX_PAGES_PER_TYPE);
    expect(result.truncated).toEqual(["variant-update"]);
    expect(result.listCalls).toBe(MAX_PAGES_PER_TYPE + 8);
  });

  it("pages at most three types at once", async () => {
    const account = fakeAccount(Object.fromEntries(JOB_TYPES.map((t) => [t, 300])), 1);
    await collectJobsSince(NOW - 250 * MIN, { list: account.list });
    expect(account.maxActive()).toBeLessThanOrEqual(3);
    expect(account.maxActive()).toBeGreaterThan(1);
  });

  it("fails as a whole, and starts no new pages once one type failed", async () => {
    const account = fakeAccount(Object.fromEntries(JOB_TYPES.map((t) => [t, 2_000])));
    let n = 0;
    const failing = vi.fn(async (q: { type: JobType; cursor?: string }) => {
      n += 1;
      if (n === 2) throw Object.assign(new Error("throttled"), { code: "rate_limited" });
      return account.list(q);
    });
    await expect(collectJobsSince(NOW - 5_000 * MIN, { list: failing })).rejects.toThrow("throttled");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(failing.mock.calls.length).toBeLessThanOrEqual(4);
  });
});

describe("getRun / getRecentRuns", () => {
  it("reads a run from `from - gap` and returns its jobs and aggregate", async () => {
    // Two bursts per type: jobs 0–4 min ago (running) and 100–104 min ago (done).
    const jobs = JOB_TYPES.flatMap((type) => [0, 1, 2, 100, 101, 104].map((m, i) => job(type, m, i)));
    const list = vi.fn(
      async (q: { type: JobType; cursor?: string }): Promise<JobPage> => ({
        type: q.type,
        status: null,
        jobs: jobs.filter((j) => j.type === q.type),
        nextCursor: null,
        prevCursor: null,
        fetchedAt: "",
      }),
    );
    const run = await getRun({ kind: "run", from: NOW - 104 * MIN, to: NOW - 100 * MIN, gapMinutes: 10 }, { list });
    expect(run.summary?.jobCount).toBe(27);
    expect(run.summary?.operations).toMatchObject({ total: 2_700, completed: 27 * 98, failed: 54 });
    expect(run.continues).toBeNull();
    expect(run.listCalls).toBe(9);

    const recent = await getRecentRuns({ kind: "recent", window: "24h", gapMinutes: 10 }, { list, now: NOW });
    expect(recent.runs.map((r) => [r.summary.jobCount, r.summary.running])).toEqual([
      [27, 27],
      [27, 0],
    ]);
  });
});

describe("who is asking", () => {
  it("reads a whole run's export as background work, and a run page as a person", async () => {
    const run = { kind: "run" as const, from: NOW - 30 * MIN, to: NOW, gapMinutes: 10 };
    doorCalls.length = 0;
    await expect(getRunErrorRows(run)).rejects.toThrow();
    expect(doorCalls.length).toBeGreaterThan(0);
    expect(doorCalls.every((call) => call.priority === "background")).toBe(true);
    doorCalls.length = 0;
    await expect(getRun(run)).rejects.toThrow();
    expect(doorCalls.length).toBeGreaterThan(0);
    expect(doorCalls.every((call) => call.priority === undefined || call.priority === "person")).toBe(true);
  });
});
