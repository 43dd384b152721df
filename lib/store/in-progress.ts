import { and, eq, sql } from "drizzle-orm";
import { stillRunning } from "./jobs";
import type { Db } from "./open";
import { jobs } from "./schema";

/** Klaviyo allows this many bulk jobs in progress (queued or processing) per account at one time. */
export const IN_PROGRESS_CAP = 500;

/** Jobs of all types the store last saw queued or processing, and Klaviyo still has. */
export async function countInProgress(db: Db, account: string): Promise<number> {
  const rows = await db
    .select({ count: sql<string>`count(*)` })
    .from(jobs)
    .where(and(eq(jobs.account, account), stillRunning));
  return Number(rows[0]?.count ?? 0);
}
