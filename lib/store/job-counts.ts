/**
 * An account's jobs of a span with their counts only: what run totals add up. A job's error entries
 * and kept items are most of its row (kilobytes each), and the overview needs neither.
 */
import { and, desc, eq, gte } from "drizzle-orm";
import type { Job } from "../types";
import { rowColumns } from "./history-views";
import { jobOfRow } from "./jobs";
import type { Db } from "./open";
import { jobs } from "./schema";

/** Three days of a busy account are a few thousand jobs; this bounds a runaway one. */
export const MAX_COUNTED_JOBS = 100_000;

/** Jobs created at or after `since`, newest first (served by the `jobs_by_created` index), without their errors. */
export async function listJobCountsSince(db: Db, account: string, since: Date): Promise<Job[]> {
  const rows = await db
    .select(rowColumns)
    .from(jobs)
    .where(and(eq(jobs.account, account), gte(jobs.createdAt, since)))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(MAX_COUNTED_JOBS);
  return rows.map(jobOfRow);
}
