/**
 * The job history's filtered lists (several types, a creation window, failures, a failure-rate floor)
 * in three orders, each paged by keyset in both directions. Every order ends with (created_at, id),
 * so it is total and a page boundary is one row; each has an index of the same shape (schema.ts).
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { JOB_TYPES, type JobStatus, type JobType } from "../job-types";
import type { HistoryOrder } from "../jobs/history-filter";
import type { Job } from "../types";
import { jobOfRow } from "./jobs";
import type { Db } from "./open";
import { FAILURE_RATE_SQL, jobs } from "./schema";

/** The row a page starts after (`next`) or before (`prev`), with what every order sorts by. */
export interface HistoryBoundary {
  dir: "next" | "prev";
  createdAt: string;
  id: string;
  failedCount: number;
  totalCount: number;
}

export interface HistoryViewQuery {
  account: string;
  /** absent: every type */
  types?: readonly JobType[];
  status?: JobStatus;
  /** created at or after */
  from?: Date;
  /** created before */
  to?: Date;
  /** only jobs with a failed operation */
  failed?: boolean;
  /** failure rate at least this fraction */
  minRate?: number;
  order: HistoryOrder;
  boundary?: HistoryBoundary;
  limit: number;
}

export interface HistoryViewPage {
  /** in the order's direction (first row first), whichever way the page was read; without errors or related ids */
  jobs: Job[];
  /** whether more rows follow in the direction read (after the last for `next`, before the first for `prev`) */
  more: boolean;
}

const rate = sql.raw(`(${FAILURE_RATE_SQL})`);

/** The columns an order sorts by, most significant first (all descending). */
function sortKeys(order: HistoryOrder): SQL[] {
  const tail = [sql`${jobs.createdAt}`, sql`${jobs.id}`];
  if (order === "failed") return [sql`${jobs.failedCount}`, ...tail];
  if (order === "rate") return [rate, ...tail];
  return tail;
}

/** The boundary row's values of the same keys, computed in SQL as the index computes them. */
function boundaryKeys(order: HistoryOrder, b: HistoryBoundary): SQL[] {
  const tail = [sql`${new Date(b.createdAt)}::timestamptz`, sql`${b.id}::text`];
  if (order === "failed") return [sql`${b.failedCount}::integer`, ...tail];
  if (order === "rate") {
    return [sql`(${b.failedCount}::integer::double precision / greatest(${b.totalCount}::integer, 1))`, ...tail];
  }
  return tail;
}

// Only what a list row shows: a failing job's error entries and its kept items are kilobytes of JSON
// each, and reading them made a page of failing jobs several times slower on the embedded engine.
export const rowColumns = {
  type: jobs.type,
  id: jobs.id,
  status: jobs.status,
  createdAt: jobs.createdAt,
  completedAt: jobs.completedAt,
  expiresAt: jobs.expiresAt,
  totalCount: jobs.totalCount,
  completedCount: jobs.completedCount,
  failedCount: jobs.failedCount,
};

export async function listHistoryView(db: Db, query: HistoryViewQuery): Promise<HistoryViewPage> {
  const limit = Math.min(Math.max(query.limit, 1), 1_000);
  const where: SQL[] = [eq(jobs.account, query.account)];
  // Every type named when the list is of all of them keeps the planner on the same indexes.
  if (query.types && query.types.length < JOB_TYPES.length) where.push(inArray(jobs.type, [...query.types]));
  if (query.status) where.push(eq(jobs.status, query.status));
  if (query.from) where.push(sql`${jobs.createdAt} >= ${query.from}`);
  if (query.to) where.push(sql`${jobs.createdAt} < ${query.to}`);
  if (query.failed) where.push(sql`${jobs.failedCount} > 0`);
  if (query.minRate !== undefined) where.push(sql`${rate} >= ${query.minRate}::double precision`);

  const keys = sortKeys(query.order);
  const backwards = query.boundary?.dir === "prev";
  if (query.boundary) {
    const row = sql.join(keys, sql`, `);
    const bound = sql.join(boundaryKeys(query.order, query.boundary), sql`, `);
    where.push(backwards ? sql`(${row}) > (${bound})` : sql`(${row}) < (${bound})`);
  }
  const rows = await db
    .select(rowColumns)
    .from(jobs)
    .where(and(...where))
    .orderBy(...keys.map((key) => (backwards ? asc(key) : desc(key))))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map(jobOfRow);
  return { jobs: backwards ? page.reverse() : page, more };
}
