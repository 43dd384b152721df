/**
 * The job history's filtered lists on both engines: several types, a creation window, failures and
 * a failure-rate floor; each order paged to the end and back again by keyset with no gap or repeat;
 * other accounts left out; and an index that gives each order (no sort step).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_STATUSES, JOB_TYPES, type JobType } from "../job-types";
import type { HistoryOrder } from "../jobs/history-filter";
import type { Job } from "../types";
import { type HistoryBoundary, type HistoryViewQuery, listHistoryView } from "./history-views";
import { maintainTables, recordJobs } from "./jobs";
import type { Store } from "./open";
import { ENGINES, type TestPlace } from "./testing";

const START = Date.UTC(2026, 11, 1);

/** 260 jobs: every type, ties in time, in failed count and in failure rate (1/4 = 5/20), some of no operations. */
const many: Job[] = Array.from({ length: 260 }, (_, i) => {
  const totalCount = [4, 20, 100, 0, 10][i % 5]!;
  const failedCount = totalCount === 0 ? 0 : [0, 0, 1, 5, 3, 0, 10][i % 7]! % (totalCount + 1);
  return {
    type: JOB_TYPES[i % JOB_TYPES.length]!,
    id: `h${String(i).padStart(4, "0")}`,
    status: JOB_STATUSES[i % JOB_STATUSES.length]!,
    createdAt: new Date(START + Math.floor(i / 3) * 3_600_000).toISOString(),
    completedAt: null,
    expiresAt: null,
    totalCount,
    completedCount: totalCount - failedCount,
    failedCount,
    errors: [],
    relatedIds: [],
  };
});

const rateOf = (j: Job) => j.failedCount / Math.max(j.totalCount, 1);

/** What a query should answer, worked out here in plain code. */
function expected(filter: Omit<HistoryViewQuery, "account" | "limit" | "boundary">): string[] {
  const byNewest = (x: Job, y: Job) => y.createdAt.localeCompare(x.createdAt) || y.id.localeCompare(x.id);
  const compare: Record<HistoryOrder, (x: Job, y: Job) => number> = {
    newest: byNewest,
    failed: (x, y) => y.failedCount - x.failedCount || byNewest(x, y),
    rate: (x, y) => rateOf(y) - rateOf(x) || byNewest(x, y),
  };
  return many
    .filter((j) => !filter.types || filter.types.includes(j.type))
    .filter((j) => !filter.status || j.status === filter.status)
    .filter((j) => !filter.from || Date.parse(j.createdAt) >= filter.from.getTime())
    .filter((j) => !filter.to || Date.parse(j.createdAt) < filter.to.getTime())
    .filter((j) => !filter.failed || j.failedCount > 0)
    .filter((j) => filter.minRate === undefined || rateOf(j) >= filter.minRate)
    .sort(compare[filter.order])
    .map((j) => j.id);
}

const boundaryOf = (job: Job, dir: HistoryBoundary["dir"]): HistoryBoundary => ({ dir, ...job });

describe.each(ENGINES)("the history's filtered lists on $name", (engine) => {
  let place: TestPlace;
  let store: Store;
  const a = `views-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
    await recordJobs(store.db, a, many, new Date("2026-12-30T00:00:00Z"));
    // Another account's jobs, all failing and newest: never in this account's lists.
    const other = many
      .slice(0, 30)
      .map((j) => ({ ...j, failedCount: j.totalCount, createdAt: "2027-01-01T00:00:00.000Z" }));
    await recordJobs(store.db, `${a}-other`, other, new Date("2026-12-30T00:00:00Z"));
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await place?.remove();
  });

  const filters: [string, Omit<HistoryViewQuery, "account" | "limit" | "boundary" | "order">][] = [
    ["everything", {}],
    [
      "has failures in a window",
      { from: new Date(START + 20 * 3_600_000), to: new Date(START + 60 * 3_600_000), failed: true },
    ],
    ["two types, rate at least 25 %", { types: ["item-create", "variant-update"] as JobType[], minRate: 0.25 }],
    ["one status with failures", { status: "complete", failed: true }],
  ];

  for (const order of ["newest", "failed", "rate"] as const) {
    for (const [name, filter] of filters) {
      it.skipIf(!engine.available)(`${order}: ${name}, paged to the end and back with no gap or repeat`, async () => {
        const want = expected({ ...filter, order });
        expect(want.length).toBeGreaterThan(8);
        const query = { account: a, order, limit: 7, ...filter };
        const pages: Job[][] = [];
        let boundary: HistoryBoundary | undefined;
        for (;;) {
          const page = await listHistoryView(store.db, { ...query, boundary });
          pages.push(page.jobs);
          if (!page.more) break;
          expect(page.jobs).toHaveLength(7);
          boundary = boundaryOf(page.jobs.at(-1)!, "next");
        }
        expect(pages.flat().map((j) => j.id)).toEqual(want);

        // Previous pages, from the last one back to the first: each the page that was read forwards.
        for (let i = pages.length - 1; i > 0; i--) {
          const prev = await listHistoryView(store.db, { ...query, boundary: boundaryOf(pages[i]![0]!, "prev") });
          expect(prev.jobs.map((j) => j.id)).toEqual(pages[i - 1]!.map((j) => j.id));
          expect(prev.more).toBe(i - 1 > 0);
        }
      });
    }
  }

  it.skipIf(!engine.available)("reads each order by an index that gives it (no sort step)", async () => {
    await maintainTables(store.db);
    const plan = async (where: string, orderBy: string) =>
      store.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const result = (await tx.execute(
          sql.raw(`explain select id from jobs where account = '${a}' ${where} order by ${orderBy} limit 101`),
        )) as unknown as { rows: Record<string, string>[] };
        return result.rows.map((row) => Object.values(row)[0]).join("\n");
      });
    const tail = "created_at desc, id desc";
    const failed = await plan("and failed_count > 0", `failed_count desc, ${tail}`);
    expect(failed).toContain("jobs_by_failed");
    expect(failed).not.toMatch(/Sort/);
    const rate = await plan("", `(failed_count::double precision / greatest(total_count, 1)) desc, ${tail}`);
    expect(rate).toContain("jobs_by_failure_rate");
    expect(rate).not.toMatch(/Sort/);
    const recentFailures = await plan("and failed_count > 0 and created_at >= '2026-12-02'", tail);
    expect(recentFailures).toContain("jobs_with_failures");
    expect(recentFailures).not.toMatch(/Sort/);
  });
});
