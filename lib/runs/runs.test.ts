import { describe, expect, it } from "vitest";
import type { JobType } from "@/lib/job-types";
import { errorGroupHref } from "@/lib/jobs/detail-params";
import { formatErrorPointer } from "@/lib/jobs/error-pointer";
import type { Job } from "@/lib/types";
import { buildRecentRuns, buildRunDetail, runErrors } from "./answers";
import { continuationAfter, groupRuns, jobsInWindow, leadInBefore } from "./group";
import { formatRunInstant, runHref, runsListHref, runsSearch } from "./params";
import { parseRunsQuery } from "./query.server";
import { runTiming, summarizeRun } from "./summary";
import { niceTicks, runThroughput } from "./throughput";

const MIN = 60_000;
const GAP = 10 * MIN;
const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
/** Klaviyo's own spelling: `+00:00`, six-digit fractions only when there is one. */
const wire = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.000Z$/, "+00:00")
    .replace(/\.(\d{3})Z$/, ".$1000+00:00");

let seq = 0;
function job(minutes: number, overrides: Partial<Job> = {}): Job {
  seq += 1;
  const total = overrides.totalCount ?? 100;
  const status = overrides.status ?? "complete";
  const done = status === "complete";
  return {
    type: "item-create",
    id: `J${String(seq).padStart(4, "0")}`,
    status,
    createdAt: wire(T0 + minutes * MIN),
    completedAt: done ? wire(T0 + minutes * MIN + 3 * MIN) : null,
    expiresAt: null,
    totalCount: total,
    completedCount: done ? total : 0,
    failedCount: 0,
    errors: [],
    relatedIds: [],
    ...overrides,
  };
}
const ids = (jobs: Job[]) => jobs.map((j) => j.id);

describe("groupRuns", () => {
  it("splits where consecutive jobs are a gap or more apart, newest run first", () => {
    const a = [job(0), job(4), job(13.99)]; // 9.99 min steps stay together
    const b = [job(23.99), job(30)]; // exactly 10 min after 13.99: a new run
    const runs = groupRuns([...b, ...a], GAP);
    expect(runs.map(ids)).toEqual([ids(b).reverse(), ids(a).reverse()]);
  });

  it("chains jobs of every type into one run, whatever order they arrive in", () => {
    const types: JobType[] = ["item-create", "variant-create", "category-update", "item-delete"];
    const jobs = types.map((type, i) => job(i * 6, { type }));
    const runs = groupRuns([jobs[2]!, jobs[0]!, jobs[3]!, jobs[1]!], GAP);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.map((j) => j.type)).toEqual([...types].reverse());
  });

  it("honours a configurable gap", () => {
    const jobs = [job(0), job(3), job(6)];
    expect(groupRuns(jobs, 2 * MIN)).toHaveLength(3);
    expect(groupRuns(jobs, 5 * MIN)).toHaveLength(1);
  });

  it("counts a job listed twice once, and skips unreadable created_at", () => {
    const a = job(0);
    const broken = job(1, { createdAt: "not a time" });
    expect(groupRuns([a, a, broken], GAP).map(ids)).toEqual([[a.id]]);
  });

  it("keeps grouping stable for jobs created in the same millisecond", () => {
    const same = [job(5, { type: "variant-create" }), job(5, { type: "item-create" })];
    expect(groupRuns(same, GAP)).toEqual(groupRuns([...same].reverse(), GAP));
  });
});

describe("a run still growing", () => {
  const run = [job(0), job(5, { type: "variant-update" }), job(9)];
  const from = T0;
  const to = T0 + 9 * MIN;
  const later = [job(15, { status: "queued" }), job(24, { status: "processing" })];
  const separate = job(40, { status: "queued" });
  const all = [...run, ...later, separate];

  it("its link keeps naming the jobs of its window", () => {
    expect(ids(jobsInWindow(all, from, to))).toEqual(ids(run).reverse());
  });

  it("jobs after `to` chained within the gap are its continuation; a later burst is not", () => {
    expect(ids(continuationAfter(all, to, GAP))).toEqual(ids(later));
  });

  it("jobs before `from` within the gap show the window starts inside a larger run", () => {
    const before = [job(-25), job(-8)];
    expect(ids(leadInBefore([...before, ...all], from, GAP))).toEqual([before[1]!.id]);
  });

  it("buildRunDetail reports the continuation with its running jobs", () => {
    const detail = buildRunDetail(all, { from, to, gapMinutes: 10 }, { listCalls: 9, truncated: [], fetchedAt: "x" });
    expect(detail.jobs).toHaveLength(3);
    expect(detail.summary?.jobCount).toBe(3);
    expect(detail.continues).toEqual({ jobCount: 2, boundary: formatRunInstant(T0 + 24 * MIN), running: 2 });
    expect(detail.startedEarlier).toBeNull();
    expect(detail.from).toBe("2026-11-28T12:00:00Z");
    expect(detail.to).toBe("2026-11-28T12:09:00Z");
  });

  it("the recent-runs list shows the whole run so far, and its link covers it", () => {
    const recent = buildRecentRuns(
      all,
      { window: "24h", gapMinutes: 10, since: T0 - 60 * MIN },
      { listCalls: 9, truncated: [], fetchedAt: "x" },
    );
    expect(recent.runs.map((r) => r.summary.jobCount)).toEqual([1, 5]);
    const growing = recent.runs[1]!.summary;
    expect([growing.from, growing.to]).toEqual([formatRunInstant(T0), formatRunInstant(T0 + 24 * MIN)]);
    expect(growing.running).toBe(2);
    expect(recent.runs[1]!.clipped).toBe(false);
  });

  it("marks a run that began within a gap of the lookback's start as clipped", () => {
    const recent = buildRecentRuns(
      all,
      { window: "1h", gapMinutes: 10, since: T0 - 5 * MIN },
      { listCalls: 9, truncated: [], fetchedAt: "x" },
    );
    expect(recent.runs.at(-1)!.clipped).toBe(true);
  });

  it("drops jobs older than the lookback that shared its last page", () => {
    const recent = buildRecentRuns(
      [job(-90), ...all],
      { window: "1h", gapMinutes: 10, since: T0 - 30 * MIN },
      { listCalls: 9, truncated: [], fetchedAt: "x" },
    );
    expect(recent.runs.reduce((n, r) => n + r.summary.jobCount, 0)).toBe(6);
  });
});

describe("summarizeRun", () => {
  const err = (index: number) => ({
    id: `e${index}`,
    code: "invalid",
    title: "Invalid price",
    detail: "",
    pointer: formatErrorPointer(index, "price"),
  });
  const jobs = [
    job(0, { totalCount: 100, completedCount: 97, failedCount: 3, errors: [err(1), err(2), err(3)] }),
    job(1, { type: "variant-create", status: "processing", totalCount: 80, completedCount: 30, failedCount: 2 }),
    job(2, { type: "variant-create", status: "queued", totalCount: 50 }),
    job(3, { type: "category-delete", status: "cancelled", totalCount: 40, completedCount: 10, failedCount: 0 }),
    job(4, { type: "item-create", status: "brand_new_status", totalCount: 5 }),
  ];
  const summary = summarizeRun(jobs);

  it("sums every count over the run's jobs", () => {
    const sum = (pick: (j: Job) => number) => jobs.reduce((n, j) => n + pick(j), 0);
    expect(summary.operations.total).toBe(sum((j) => j.totalCount));
    expect(summary.operations.completed).toBe(sum((j) => j.completedCount));
    expect(summary.operations.failed).toBe(sum((j) => j.failedCount));
    expect(summary.operations).toEqual({ total: 275, completed: 137, failed: 5, pending: 48 + 50 + 5, skipped: 30 });
    expect(summary.jobCount).toBe(5);
    expect(summary.jobsWithFailures).toBe(2);
  });

  it("counts jobs by type (in type order) and status, unknown statuses kept", () => {
    expect(summary.byType).toEqual([
      { type: "item-create", jobs: 2, statuses: { complete: 1, brand_new_status: 1 } },
      { type: "variant-create", jobs: 2, statuses: { processing: 1, queued: 1 } },
      { type: "category-delete", jobs: 1, statuses: { cancelled: 1 } },
    ]);
    expect(summary.byStatus).toEqual({ complete: 1, processing: 1, queued: 1, cancelled: 1, brand_new_status: 1 });
    expect(summary.running).toBe(3); // an unknown status is not known to be final
    expect(summary.inProgress).toBe(2); // only queued + processing count toward Klaviyo's 500
  });

  it("spans the run's first and last created_at in link spelling", () => {
    expect(summary.from).toBe("2026-11-28T12:00:00Z");
    expect(summary.to).toBe("2026-11-28T12:04:00Z");
    expect(runHref(Date.parse(summary.from), Date.parse(summary.to))).toBe(
      "/runs?from=2026-11-28T12%3A00%3A00Z&to=2026-11-28T12%3A04%3A00Z",
    );
  });

  it("refuses an empty run", () => {
    expect(() => summarizeRun([])).toThrow(RangeError);
  });
});

describe("runTiming", () => {
  it("a finished run lasts from its first creation to its last completion", () => {
    const s = summarizeRun([job(0), job(5)]); // the second completes at minute 8
    expect(runTiming(s, T0 + 99 * MIN)).toEqual({ state: "finished", durationMs: 8 * MIN });
  });

  it("a running run gets an ETA at its average pace", () => {
    const s = summarizeRun([
      job(0, { status: "processing", totalCount: 100, completedCount: 40, failedCount: 10 }),
      job(0, { status: "queued", totalCount: 100 }),
    ]);
    // 50 processed in 10 min → 150 pending take 30 min
    expect(runTiming(s, T0 + 10 * MIN)).toEqual({ state: "running", elapsedMs: 10 * MIN, etaMs: 30 * MIN });
  });

  it("has no ETA before anything was processed", () => {
    const s = summarizeRun([job(0, { status: "queued" })]);
    expect(runTiming(s, T0 + MIN)).toEqual({ state: "running", elapsedMs: MIN, etaMs: null });
  });
});

describe("runThroughput", () => {
  it("puts each finished job's operations in the 5-minute bucket of its completion, with a cumulative line", () => {
    const jobs = [
      job(0, { completedAt: wire(T0 + 2 * MIN), completedCount: 90, failedCount: 10 }),
      job(1, { completedAt: wire(T0 + 4 * MIN), completedCount: 100 }),
      job(2, { completedAt: wire(T0 + 16 * MIN), completedCount: 50, failedCount: 50 }),
      job(3, { status: "processing", completedAt: null, completedCount: 20, failedCount: 5 }),
    ];
    const result = runThroughput(jobs);
    expect(result.bucketMs).toBe(5 * MIN);
    expect(result.inFlight).toBe(25);
    expect(result.buckets.map((b) => [b.at.slice(11, 16), b.completed, b.failed, b.cumulative])).toEqual([
      ["12:00", 190, 10, 200],
      ["12:05", 0, 0, 200],
      ["12:10", 0, 0, 200],
      ["12:15", 50, 50, 300],
    ]);
    expect(result.buckets.at(-1)!.percent).toBe(75);
  });

  it("widens the buckets of a very long run", () => {
    const result = runThroughput([job(0), job(0, { completedAt: wire(T0 + 48 * 60 * MIN) })]);
    expect(result.bucketMs).toBeGreaterThan(5 * MIN);
    expect(result.bucketMs % (5 * MIN)).toBe(0);
    expect(result.buckets.length).toBeLessThanOrEqual(289);
  });
});

describe("niceTicks", () => {
  it.each([
    [5_230, [0, 1500, 3000, 4500, 6000]],
    [100, [0, 25, 50, 75, 100]],
    [7, [0, 2, 4, 6, 8]],
    [1, [0, 0.25, 0.5, 0.75, 1]],
    [0, [0, 1]],
    [Number.NaN, [0, 1]],
  ])("covers %s with round steps", (max, ticks) => {
    expect(niceTicks(max)).toEqual(ticks);
  });

  it("always reaches the maximum in at most five steps", () => {
    for (const max of [3, 13, 99, 101, 999, 1_001, 12_345, 987_654]) {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
    }
  });
});

describe("the runs URL contract", () => {
  it("parses one run, a list, and defaults", () => {
    expect(
      parseRunsQuery(new URLSearchParams("from=2026-11-28T12:00:00Z&to=2026-11-28T12:04:00.500+00:00&gap=15")),
    ).toEqual({
      ok: true,
      data: { kind: "run", from: T0, to: T0 + 4 * MIN + 500, gapMinutes: 15 },
    });
    expect(parseRunsQuery(new URLSearchParams(""))).toEqual({
      ok: true,
      data: { kind: "recent", window: "24h", gapMinutes: 10 },
    });
    expect(parseRunsQuery(new URLSearchParams("window=72h"))).toEqual({
      ok: true,
      data: { kind: "recent", window: "72h", gapMinutes: 10 },
    });
  });

  it.each([
    ["from=2026-11-28T12:00:00Z", /from and to go together/],
    ["from=yesterday&to=2026-11-28T12:00:00Z", /from/],
    ["from=1764331200000&to=1764331300000", /ISO/],
    ["from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z", /before/],
    ["from=2026-11-01T12:00:00Z&to=2026-11-28T11:00:00Z", /7 days/],
    ["from=2026-11-28T12:00:00Z&to=2026-11-28T12:00:00Z&window=24h", /window/],
    ["window=30d", /window/],
    ["gap=0", /gap/],
    ["gap=1.5", /gap/],
    ["gap=999", /gap/],
    ["gap=10&gap=20", /repeated/],
    ["cursor=abc", /unknown parameter/],
  ])("rejects %s", (qs, message) => {
    const result = parseRunsQuery(new URLSearchParams(qs));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("writes the same query string it reads", () => {
    const query = { kind: "run" as const, from: T0 + 123, to: T0 + 4 * MIN, gapMinutes: 20 };
    const search = runsSearch(query);
    expect(search).toBe("?from=2026-11-28T12%3A00%3A00.123Z&to=2026-11-28T12%3A04%3A00Z&gap=20");
    expect(parseRunsQuery(new URLSearchParams(search))).toEqual({ ok: true, data: query });
    expect(runsSearch({ kind: "recent", window: "24h", gapMinutes: 10 })).toBe("");
  });

  it("keeps a view's UTC choice in its run links, and adds nothing for local time", () => {
    expect(runHref(T0, T0 + MIN, 20, "utc")).toBe(
      "/runs?from=2026-11-28T12%3A00%3A00Z&to=2026-11-28T12%3A01%3A00Z&gap=20&tz=utc",
    );
    expect(runHref(T0, T0 + MIN, 10, "local")).toBe("/runs?from=2026-11-28T12%3A00%3A00Z&to=2026-11-28T12%3A01%3A00Z");
    expect(runsListHref("utc")).toBe("/runs?tz=utc");
    expect(runsListHref("local")).toBe("/runs");
    // A run's links to its error groups keep the zone too.
    expect(errorGroupHref("item-create", "01J", { code: "invalid", field: null }, "utc")).toBe(
      "/jobs/item-create/01J?tab=errors&code=invalid&field=-&tz=utc",
    );
  });
});

describe("runErrors", () => {
  const err = (id: string, code: string, field: string, index: number) => ({
    id,
    code,
    title: `${code} title`,
    detail: `${field} ${index}`,
    pointer: formatErrorPointer(index, field),
  });
  const a = job(0, {
    failedCount: 3,
    errors: [
      err("a1", "invalid", "price", 1),
      err("a2", "invalid", "price", 4),
      err("a3", "duplicate", "external_id", 9),
    ],
  });
  const b = job(1, { type: "variant-create", failedCount: 1, errors: [err("b1", "invalid", "price", 0)] });
  const c = job(2, {
    failedCount: 2,
    errors: [{ id: "c1", code: "invalid", title: "invalid title", detail: "no pointer", pointer: null }],
  });
  const errors = runErrors([a, b, c]);

  it("counts the entries listed, which may be fewer than the failed operations", () => {
    expect(errors.entries).toBe(5);
  });

  it("groups by code, title and field, largest first, each group naming its jobs once", () => {
    expect(errors.groups.map((g) => [g.code, g.field, g.count])).toEqual([
      ["invalid", "price", 3],
      ["duplicate", "external_id", 1],
      ["invalid", null, 1], // an entry whose pointer names no field is a group of its own
    ]);
    expect(errors.groups[0]!.jobs).toEqual([
      { type: "item-create", id: a.id },
      { type: "variant-create", id: b.id },
    ]);
    expect(errors.groups[1]!.jobs).toEqual([{ type: "item-create", id: a.id }]);
  });

  it("a run detail carries the groups of its window's jobs, and jobs without their entries", () => {
    // A job just outside the window (its continuation) has entries of its own: they are not the run's.
    const later = job(8, { failedCount: 1, errors: [err("d1", "conflict", "sku", 2)] });
    const detail = buildRunDetail(
      [a, b, c, later],
      { from: T0, to: T0 + 5 * MIN, gapMinutes: 10 },
      { listCalls: 9, truncated: [], fetchedAt: "x" },
    );
    expect(detail.continues?.jobCount).toBe(1);
    expect(detail.errors).toEqual(runErrors([c, b, a]));
    expect(detail.jobs.map((j) => Object.keys(j).sort())).toEqual(
      Array(3).fill([
        "completedAt",
        "completedCount",
        "createdAt",
        "expiresAt",
        "failedCount",
        "id",
        "status",
        "totalCount",
        "type",
      ]),
    );
  });
});
