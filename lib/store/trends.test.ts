/**
 * The trends' aggregates on both engines: days cut in the asked zone, a job counted once with its
 * latest counts and errors after it changed, error groups keyed as the job pages key them and marked
 * new only when the span before did not have them, the daily peak of jobs in progress, and other
 * accounts left out.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getTrends } from "../trends/read.server";
import type { Job, JobError } from "../types";
import { pruneHistory, recordJobs } from "./jobs";
import { rowsOf, type Store } from "./open";
import { ENGINES, type TestPlace } from "./testing";
import { errorsPerDay, inProgressPerDay, jobsPerDay, pruneInProgress, recordInProgress } from "./trends";

vi.mock("server-only", () => ({}));

let serial = 0;
const account = () => `trends-${++serial}-${Math.random().toString(36).slice(2, 8)}`;

const error = (code: string, pointer: string | null, id = Math.random().toString(36).slice(2)): JobError => ({
  id,
  code,
  title: code === "invalid" ? "Invalid input." : "Duplicate resource.",
  detail: "…",
  pointer,
});

function job(id: string, createdAt: string, extra: Partial<Job> = {}): Job {
  return {
    type: "item-create",
    id,
    status: "complete",
    createdAt,
    completedAt: createdAt,
    expiresAt: null,
    totalCount: 10,
    completedCount: 10,
    failedCount: 0,
    errors: [],
    relatedIds: [],
    ...extra,
  };
}

const observed = (iso: string) => new Date(iso);

describe.each(ENGINES)("trends on $name", (engine) => {
  let place: TestPlace;
  let store: Store;

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  it.skipIf(!engine.available)("cuts days at midnight in the asked zone", async () => {
    const a = account();
    await recordJobs(
      store.db,
      a,
      [
        // 23:30 UTC on the 30th is 00:30 on the 1st in Berlin, and 18:30 on the 30th in New York.
        job("late", "2026-11-30T23:30:00Z", { totalCount: 7 }),
        job("noon", "2026-11-30T12:00:00Z", { type: "variant-update", totalCount: 3 }),
        // 04:30 UTC on the 1st is still the 30th in New York.
        job("early", "2026-12-01T04:30:00Z", { totalCount: 5 }),
      ],
      observed("2026-12-02T00:00:00Z"),
    );
    const utc = await jobsPerDay(store.db, a, "2026-11-30", "2026-12-01", "UTC");
    expect(utc).toEqual([
      { day: "2026-11-30", type: "item-create", jobs: 1, operations: 7, failed: 0 },
      { day: "2026-11-30", type: "variant-update", jobs: 1, operations: 3, failed: 0 },
      { day: "2026-12-01", type: "item-create", jobs: 1, operations: 5, failed: 0 },
    ]);
    const berlin = await jobsPerDay(store.db, a, "2026-11-30", "2026-12-01", "Europe/Berlin");
    expect(berlin).toEqual([
      { day: "2026-11-30", type: "variant-update", jobs: 1, operations: 3, failed: 0 },
      { day: "2026-12-01", type: "item-create", jobs: 2, operations: 12, failed: 0 },
    ]);
    const newYork = await jobsPerDay(store.db, a, "2026-11-30", "2026-11-30", "America/New_York");
    expect(newYork).toEqual([
      { day: "2026-11-30", type: "item-create", jobs: 2, operations: 12, failed: 0 },
      { day: "2026-11-30", type: "variant-update", jobs: 1, operations: 3, failed: 0 },
    ]);
    // The range's edges are the zone's midnights: the 1st alone in Berlin holds both item-create jobs.
    const berlinFirst = await getTrends(
      { from: "2026-12-01", to: "2026-12-01", zone: "Europe/Berlin" },
      { store, account: a },
    );
    expect(berlinFirst.days).toHaveLength(1);
    expect(berlinFirst.days[0]).toMatchObject({ day: "2026-12-01", jobs: 2, operations: 12 });
  });

  it.skipIf(!engine.available)("counts a job once, with its latest counts and errors, after it changed", async () => {
    const a = account();
    const running = job("j1", "2026-11-10T10:00:00Z", { status: "processing", totalCount: 40, completedCount: 5 });
    await recordJobs(store.db, a, [running], observed("2026-11-10T10:00:05Z"));
    const first = await getTrends({ from: "2026-11-10", to: "2026-11-10", zone: "UTC" }, { store, account: a });
    expect(first.days[0]).toMatchObject({ jobs: 1, operations: 40, failed: 0, failureRate: 0 });
    expect(first.errorGroups).toEqual([]);

    const errors = [error("invalid", "/data/3/attributes/price"), error("invalid", "/data/17/attributes/price")];
    await recordJobs(
      store.db,
      a,
      [{ ...running, status: "complete", completedCount: 38, failedCount: 2, errors }],
      observed("2026-11-10T10:05:00Z"),
    );
    const later = await getTrends({ from: "2026-11-10", to: "2026-11-10", zone: "UTC" }, { store, account: a });
    expect(later.days[0]).toMatchObject({ jobs: 1, operations: 40, failed: 2, failureRate: 0.05 });
    expect(later.errorGroups).toEqual([
      expect.objectContaining({ code: "invalid", field: "price", entries: 2, perDay: [2], isNew: true }),
    ]);
  });

  it.skipIf(!engine.available)("marks error groups new only when the span before the range lacks them", async () => {
    const a = account();
    await recordJobs(
      store.db,
      a,
      [
        // The span before 2026-11-08..2026-11-14 is 2026-11-01..2026-11-07.
        job("before", "2026-11-03T09:00:00Z", {
          failedCount: 1,
          errors: [error("invalid", "/data/0/attributes/price")],
        }),
        // Older than that span: does not make a group old.
        job("older", "2026-10-20T09:00:00Z", {
          failedCount: 1,
          errors: [error("duplicate", "/data/4/attributes/url")],
        }),
        job("in1", "2026-11-08T09:00:00Z", {
          failedCount: 3,
          errors: [
            error("invalid", "/data/1/attributes/price"),
            error("invalid", "/data/2/attributes/price"),
            error("duplicate", "/data/9/attributes/url"),
          ],
        }),
        job("in2", "2026-11-14T22:00:00Z", {
          failedCount: 2,
          errors: [error("duplicate", "/data/0/attributes/url"), error("invalid", "/data/5/id")],
        }),
      ],
      observed("2026-11-20T00:00:00Z"),
    );
    const answer = await getTrends({ from: "2026-11-08", to: "2026-11-14", zone: "UTC" }, { store, account: a });
    expect(answer.previous).toEqual({ from: "2026-11-01", to: "2026-11-07" });
    const groups = answer.errorGroups.map((g) => ({
      code: g.code,
      field: g.field,
      entries: g.entries,
      isNew: g.isNew,
    }));
    expect(groups).toEqual([
      { code: "duplicate", field: "url", entries: 2, isNew: true },
      { code: "invalid", field: "price", entries: 2, isNew: false },
      { code: "invalid", field: "id", entries: 1, isNew: true },
    ]);
    const url = answer.errorGroups[0]!;
    expect(url.perDay).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(answer.days.map((d) => d.failed)).toEqual([3, 0, 0, 0, 0, 0, 2]);
  });

  it.skipIf(!engine.available)(
    "keeps each day's highest count of jobs in progress, and prunes old samples",
    async () => {
      const a = account();
      await recordInProgress(store.db, a, new Date("2026-11-05T10:00:10Z"), 120);
      await recordInProgress(store.db, a, new Date("2026-11-05T10:00:50Z"), 80);
      await recordInProgress(store.db, a, new Date("2026-11-05T23:59:00Z"), 310);
      await recordInProgress(store.db, a, new Date("2026-11-06T08:00:00Z"), 40);
      await recordInProgress(store.db, account(), new Date("2026-11-06T08:00:00Z"), 499);
      expect(await inProgressPerDay(store.db, a, "2026-11-05", "2026-11-07", "UTC")).toEqual([
        { day: "2026-11-05", peak: 310 },
        { day: "2026-11-06", peak: 40 },
      ]);
      // In Tokyo (UTC+9) the 23:59 sample falls on the 6th.
      expect(await inProgressPerDay(store.db, a, "2026-11-05", "2026-11-07", "Asia/Tokyo")).toEqual([
        { day: "2026-11-05", peak: 120 },
        { day: "2026-11-06", peak: 310 },
      ]);
      const answer = await getTrends({ from: "2026-11-05", to: "2026-11-07", zone: "UTC" }, { store, account: a });
      expect(answer.days.map((d) => d.inProgressPeak)).toEqual([310, 40, null]);
      expect(answer.cap).toBe(500);
      await pruneInProgress(store.db, a, new Date("2026-11-06T00:00:00Z"));
      expect(await inProgressPerDay(store.db, a, "2026-11-05", "2026-11-07", "UTC")).toEqual([
        { day: "2026-11-06", peak: 40 },
      ]);
    },
  );

  it.skipIf(!engine.available)("leaves other accounts' jobs out", async () => {
    const a = account();
    await recordJobs(store.db, a, [job("mine", "2026-11-12T10:00:00Z")], observed("2026-11-13T00:00:00Z"));
    await recordJobs(
      store.db,
      account(),
      [job("theirs", "2026-11-12T10:00:00Z", { totalCount: 99 })],
      observed("2026-11-13T00:00:00Z"),
    );
    expect(await jobsPerDay(store.db, a, "2026-11-12", "2026-11-12", "UTC")).toEqual([
      { day: "2026-11-12", type: "item-create", jobs: 1, operations: 10, failed: 0 },
    ]);
  });
});

describe.each(ENGINES)("the trends' rollup on $name", (engine) => {
  let place: TestPlace;
  let store: Store;

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  /** What the rollup must hold: the sums over the jobs themselves. */
  async function fromJobs(a: string) {
    const days = await rowsOf<{ day: string; type: string; jobs: string; operations: string; failed: string }>(
      store.db,
      sql`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, type, count(*) as jobs,
            sum(total_count) as operations, sum(failed_count) as failed
          from jobs where account = ${a} group by 1, 2 order by 1, 2`,
    );
    return days.map((r) => ({
      day: r.day,
      type: r.type,
      jobs: Number(r.jobs),
      operations: Number(r.operations),
      failed: Number(r.failed),
    }));
  }

  it.skipIf(!engine.available)("equals the sums over the jobs after inserts, changes and prunes", async () => {
    const a = account();
    const jobs = Array.from({ length: 60 }, (_, i) =>
      job(`r${i}`, new Date(Date.UTC(2026, 10, 1) + i * 5 * 3_600_000).toISOString(), {
        type: i % 2 ? "item-update" : "variant-create",
        status: "processing",
        totalCount: 10 + i,
        completedCount: 0,
      }),
    );
    await recordJobs(store.db, a, jobs, observed("2026-11-20T00:00:00Z"));
    // Later answers: a third finish with failures and errors, some twice (the second replaces the first).
    const finished = jobs
      .filter((_, i) => i % 3 === 0)
      .map((j, k) => ({
        ...j,
        status: "complete" as const,
        completedCount: j.totalCount - 2,
        failedCount: 2,
        errors: [error("invalid", `/data/${k}/attributes/price`), error("duplicate", `/data/${k + 1}/attributes/url`)],
      }));
    await recordJobs(store.db, a, finished, observed("2026-11-20T00:05:00Z"));
    await recordJobs(
      store.db,
      a,
      finished
        .slice(0, 5)
        .map((j) => ({ ...j, failedCount: 1, completedCount: j.totalCount - 1, errors: j.errors.slice(0, 1) })),
      observed("2026-11-20T00:10:00Z"),
    );
    const from = "2026-11-01";
    const to = "2026-11-14";
    expect(await jobsPerDay(store.db, a, from, to, "UTC")).toEqual(await fromJobs(a));
    const entries = (await errorsPerDay(store.db, a, from, to, "UTC")).reduce((sum, r) => sum + r.entries, 0);
    expect(entries).toBe(finished.length * 2 - 5);

    // Retention removes the oldest jobs: they leave the trends too.
    await pruneHistory(store.db, a, new Date("2026-11-05T00:00:00Z"));
    const after = await jobsPerDay(store.db, a, from, to, "UTC");
    expect(after).toEqual(await fromJobs(a));
    expect(after[0]!.day).toBe("2026-11-05");
  });
});
