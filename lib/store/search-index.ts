/**
 * Keeps the search index (`search_entries`) in step with the jobs table: a job's entries are rebuilt
 * from its stored row whenever what they derive from changes (its errors, related ids or kept items),
 * in the transaction that changed it. Jobs stored before the index existed are indexed by
 * `backfillSearchIndex`, in batches, from where the last batch stopped (noted in store_meta).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { JobType } from "../job-types";
import { searchEntriesOf } from "../search/entries";
import type { Db } from "./open";
import { jobs, searchEntries, storeMeta } from "./schema";

/** A transaction or the database: both run the same statements. */
type Runner = Pick<Db, "select" | "insert" | "delete">;

export interface JobKey {
  type: string;
  id: string;
}

/** Rebuilds the entries of these jobs (of one account) from their stored rows. */
export async function reindexJobs(db: Runner, account: string, keys: readonly JobKey[]): Promise<number> {
  if (keys.length === 0) return 0;
  const types = [...new Set(keys.map((key) => key.type))];
  const ids = [...new Set(keys.map((key) => key.id))];
  const rows = await db
    .select({
      type: jobs.type,
      id: jobs.id,
      createdAt: jobs.createdAt,
      errors: jobs.errors,
      relatedIds: jobs.relatedIds,
      included: jobs.included,
    })
    .from(jobs)
    .where(and(eq(jobs.account, account), inArray(jobs.type, types), inArray(jobs.id, ids)));
  const wanted = new Set(keys.map((key) => `${key.type}\n${key.id}`));
  const found = rows.filter((row) => wanted.has(`${row.type}\n${row.id}`));
  for (const type of types) {
    const of = found.filter((row) => row.type === type).map((row) => row.id);
    if (of.length === 0) continue;
    await db
      .delete(searchEntries)
      .where(and(eq(searchEntries.account, account), eq(searchEntries.type, type), inArray(searchEntries.jobId, of)));
  }
  const values = found.flatMap((row) =>
    searchEntriesOf({ ...row, type: row.type as JobType }).map((entry, n) => ({
      account,
      type: row.type,
      jobId: row.id,
      n,
      ...entry,
      createdAt: row.createdAt,
    })),
  );
  // Inserted in slices: a statement holds at most 65,535 parameters.
  for (let start = 0; start < values.length; start += 2_000) {
    await db.insert(searchEntries).values(values.slice(start, start + 2_000));
  }
  return values.length;
}

const BACKFILL_KEY = "search_index_backfill";

interface BackfillState {
  /** the last job indexed, in key order; null once every job is */
  after: [string, string, string] | null;
  done: boolean;
}

/**
 * Indexes up to `batch` stored jobs that the index may not hold (those stored before it existed),
 * after the last one a previous call indexed. Returns how many it indexed: 0 once the backfill is
 * done. Jobs recorded meanwhile are indexed as they are recorded, and indexing twice changes nothing.
 */
export async function backfillSearchIndex(db: Db, batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const state = (await tx.select().from(storeMeta).where(eq(storeMeta.key, BACKFILL_KEY)).limit(1))[0]?.value as
      | BackfillState
      | undefined;
    if (state?.done) return 0;
    const after = state?.after;
    const next = await tx
      .select({ account: jobs.account, type: jobs.type, id: jobs.id })
      .from(jobs)
      .where(
        after ? sql`(${jobs.account}, ${jobs.type}, ${jobs.id}) > (${after[0]}, ${after[1]}, ${after[2]})` : sql`true`,
      )
      .orderBy(jobs.account, jobs.type, jobs.id)
      .limit(batch);
    const byAccount = new Map<string, JobKey[]>();
    for (const row of next) byAccount.set(row.account, [...(byAccount.get(row.account) ?? []), row]);
    for (const [account, keys] of byAccount) await reindexJobs(tx, account, keys);
    const last = next.at(-1);
    const value: BackfillState = last
      ? { after: [last.account, last.type, last.id], done: next.length < batch }
      : { after: null, done: true };
    await tx
      .insert(storeMeta)
      .values({ key: BACKFILL_KEY, value, updatedAt: new Date() })
      .onConflictDoUpdate({ target: storeMeta.key, set: { value, updatedAt: new Date() } });
    return next.length;
  });
}
