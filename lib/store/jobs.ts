/**
 * The store's query layer for jobs, the same for both engines. Writes are idempotent, and a
 * snapshot never overwrites a newer one: each row remembers when Klaviyo answered what it holds
 * (`observed_at`), and an upsert only replaces a row with a later answer, so counts on screen never
 * go backwards even when an old cached page is recorded after a fresh one.
 */
import { and, asc, desc, eq, getTableColumns, gte, inArray, sql } from "drizzle-orm";
import { JOB_TYPES, type JobStatus, type JobType } from "../job-types";
import type { CatalogResource, Job } from "../types";
import type { Db } from "./open";
import { jobChanges, jobs, storeMeta } from "./schema";
import { reindexJobs } from "./search-index";

export interface StoredJob extends Job {
  account: string;
  /** when Klaviyo answered what is stored */
  observedAt: string;
  firstSeenAt: string;
  /** when Klaviyo first answered 404 for it (past its expires_at); null while it still has it */
  goneAt: string | null;
  pinned: boolean;
  /** the related resources, once kept (create and update jobs, after they finished) */
  included: CatalogResource[] | null;
  includedAt: string | null;
}

export interface RecordResult {
  /** jobs seen for the first time */
  added: number;
  /** jobs whose stored answer was replaced by a newer one */
  updated: number;
  /** rows in job_changes written (a new job, or a change of status or counts) */
  changes: number;
}

type Row = typeof jobs.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The columns every list row shows, as the app's job (without its errors and related ids). */
export type JobRowColumns = Pick<
  Row,
  "type" | "id" | "status" | "createdAt" | "completedAt" | "expiresAt" | "totalCount" | "completedCount" | "failedCount"
>;

export function jobOfRow(row: JobRowColumns): Job {
  return {
    type: row.type as JobType,
    id: row.id,
    status: row.status as JobStatus,
    createdAt: row.createdAt.toISOString(),
    completedAt: iso(row.completedAt),
    expiresAt: iso(row.expiresAt),
    totalCount: row.totalCount,
    completedCount: row.completedCount,
    failedCount: row.failedCount,
    errors: [],
    relatedIds: [],
  };
}

function toStoredJob(row: Omit<Row, "included"> & { included?: Row["included"] }): StoredJob {
  return {
    ...jobOfRow(row),
    account: row.account,
    errors: row.errors,
    relatedIds: row.relatedIds,
    observedAt: row.observedAt.toISOString(),
    firstSeenAt: row.firstSeenAt.toISOString(),
    goneAt: iso(row.goneAt),
    pinned: row.pinned,
    included: row.included ?? null,
    includedAt: iso(row.includedAt),
  };
}

const key = (type: string, id: string) => `${type}\n${id}`;

/**
 * How stale a job's "last seen" may grow before an answer that changes nothing else is written
 * anyway. Each collector pass re-reads the newest page of every type and the running jobs' lists,
 * well over a thousand jobs on a busy account, nearly all unchanged: rewriting each of them every
 * few seconds only to move `observed_at` was most of the store's work (and, embedded, of the event
 * loop pages are served from).
 */
export const SEEN_REFRESH_MS = 10 * 60_000;

const sameTime = (stored: Date | null, given: string | null) =>
  (stored?.getTime() ?? null) === (given ? Date.parse(given) : null);

/**
 * Records jobs as Klaviyo answered them at `observedAt`. Jobs already stored from an answer at or
 * after that instant are left alone (recording the same page twice changes nothing), and so are
 * jobs the answer shows unchanged, unless their last sighting is SEEN_REFRESH_MS old.
 */
export async function recordJobs(
  db: Db,
  account: string,
  list: Job[],
  observedAt: Date,
  seenRefreshMs = SEEN_REFRESH_MS,
): Promise<RecordResult> {
  if (list.length === 0) return { added: 0, updated: 0, changes: 0 };
  // One answer may name a job once only; the last mention wins.
  const unique = [...new Map(list.map((job) => [key(job.type, job.id), job])).values()];
  return db.transaction(async (tx) => {
    const known = await tx
      .select({
        type: jobs.type,
        id: jobs.id,
        status: jobs.status,
        completedCount: jobs.completedCount,
        failedCount: jobs.failedCount,
        totalCount: jobs.totalCount,
        completedAt: jobs.completedAt,
        expiresAt: jobs.expiresAt,
        goneAt: jobs.goneAt,
        observedAt: jobs.observedAt,
        errorCount: sql<number>`jsonb_array_length(${jobs.errors})`,
        relatedCount: sql<number>`jsonb_array_length(${jobs.relatedIds})`,
      })
      .from(jobs)
      .where(
        // The type too: the key is (account, type, id), and without it the lookup scans the whole account.
        and(
          eq(jobs.account, account),
          inArray(jobs.type, [...new Set(unique.map((job) => job.type))]),
          inArray(
            jobs.id,
            unique.map((job) => job.id),
          ),
        ),
      );
    const before = new Map(known.map((row) => [key(row.type, row.id), row]));
    const fresh = unique.filter((job) => {
      const stored = before.get(key(job.type, job.id));
      if (!stored) return true;
      if (stored.observedAt >= observedAt) return false;
      const unchanged =
        stored.goneAt === null &&
        stored.status === job.status &&
        stored.totalCount === job.totalCount &&
        stored.completedCount === job.completedCount &&
        stored.failedCount === job.failedCount &&
        sameTime(stored.completedAt, job.completedAt) &&
        sameTime(stored.expiresAt, job.expiresAt) &&
        Number(stored.errorCount) === job.errors.length &&
        (job.relatedIds.length === 0 || Number(stored.relatedCount) === job.relatedIds.length);
      return !unchanged || observedAt.getTime() - stored.observedAt.getTime() >= seenRefreshMs;
    });
    if (fresh.length === 0) return { added: 0, updated: 0, changes: 0 };

    const values = fresh.map((job) => ({
      account,
      type: job.type,
      id: job.id,
      status: job.status,
      createdAt: new Date(job.createdAt),
      completedAt: job.completedAt ? new Date(job.completedAt) : null,
      expiresAt: job.expiresAt ? new Date(job.expiresAt) : null,
      totalCount: job.totalCount,
      completedCount: job.completedCount,
      failedCount: job.failedCount,
      errors: job.errors,
      relatedIds: job.relatedIds,
      observedAt,
      firstSeenAt: observedAt,
    }));
    const excluded = (column: string) => sql.raw(`excluded.${column}`);
    const written = await tx
      .insert(jobs)
      .values(values)
      .onConflictDoUpdate({
        target: [jobs.account, jobs.type, jobs.id],
        set: {
          status: excluded("status"),
          completedAt: excluded("completed_at"),
          expiresAt: excluded("expires_at"),
          totalCount: excluded("total_count"),
          completedCount: excluded("completed_count"),
          failedCount: excluded("failed_count"),
          errors: excluded("errors"),
          // A list answer names no related resources (Klaviyo's lists carry no relationships): what a
          // job read on its own named stays. A job's related resources only grow as it runs.
          relatedIds: sql`case when jsonb_array_length(excluded.related_ids) = 0 then ${jobs.relatedIds} else excluded.related_ids end`,
          observedAt: excluded("observed_at"),
          // Klaviyo answering again means it still has the job.
          goneAt: sql`null`,
        },
        // A concurrent writer may have stored a newer answer since the read above.
        setWhere: sql`${jobs.observedAt} < excluded.observed_at`,
      })
      .returning({ type: jobs.type, id: jobs.id });
    const writtenKeys = new Set(written.map((row) => key(row.type, row.id)));

    const changed = fresh.filter((job) => {
      if (!writtenKeys.has(key(job.type, job.id))) return false;
      const stored = before.get(key(job.type, job.id));
      return (
        !stored ||
        stored.status !== job.status ||
        stored.completedCount !== job.completedCount ||
        stored.failedCount !== job.failedCount
      );
    });
    if (changed.length > 0) {
      await tx
        .insert(jobChanges)
        .values(
          changed.map((job) => ({
            account,
            type: job.type,
            id: job.id,
            observedAt,
            status: job.status,
            completedCount: job.completedCount,
            failedCount: job.failedCount,
          })),
        )
        .onConflictDoNothing();
    }
    // The search index follows what it is made of: a new job, new errors, or new related resources.
    await reindexJobs(
      tx,
      account,
      fresh.filter((job) => {
        if (!writtenKeys.has(key(job.type, job.id))) return false;
        const stored = before.get(key(job.type, job.id));
        return (
          !stored ||
          Number(stored.errorCount) !== job.errors.length ||
          (job.relatedIds.length > 0 && Number(stored.relatedCount) !== job.relatedIds.length)
        );
      }),
    );
    const added = fresh.filter((job) => writtenKeys.has(key(job.type, job.id)) && !before.has(key(job.type, job.id)));
    return { added: added.length, updated: writtenKeys.size - added.length, changes: changed.length };
  });
}

export async function getStoredJob(db: Db, account: string, type: JobType, id: string): Promise<StoredJob | null> {
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.account, account), eq(jobs.type, type), eq(jobs.id, id)))
    .limit(1);
  return rows[0] ? toStoredJob(rows[0]) : null;
}

export interface ListQuery {
  account: string;
  type?: JobType;
  status?: JobStatus;
  /** the last job of the previous page: the page starts after it */
  after?: { createdAt: string; id: string };
  /** only jobs created at or after this (the list ends there) */
  since?: Date;
  /** 100 unless told; at most 1,000 (the API pages by 100, the run reader by 1,000) */
  limit?: number;
}

// A list never shows a job's kept items, and they are most of a row (kilobytes of JSON each): lists
// leave them out (`included` null), and getStoredJob has them.
const { included, ...listColumns } = getTableColumns(jobs);
void included;

/** One page of stored jobs, newest first (created, then id), read by keyset; without their kept items. */
export async function listStoredJobs(db: Db, query: ListQuery): Promise<StoredJob[]> {
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 1_000);
  const where = [eq(jobs.account, query.account)];
  if (query.type) where.push(eq(jobs.type, query.type));
  if (query.status) where.push(eq(jobs.status, query.status));
  if (query.after) {
    where.push(sql`(${jobs.createdAt}, ${jobs.id}) < (${new Date(query.after.createdAt)}, ${query.after.id})`);
  }
  if (query.since) where.push(gte(jobs.createdAt, query.since));
  const rows = await db
    .select(listColumns)
    .from(jobs)
    .where(and(...where))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(limit);
  return rows.map(toStoredJob);
}

/** The types under which the history holds a job with this id (ids are unique in practice, not by contract). */
export async function typesOfId(db: Db, account: string, id: string): Promise<JobType[]> {
  const rows = await db
    .select({ type: jobs.type })
    .from(jobs)
    // Every type named, so the key (account, type, id) serves the lookup.
    .where(and(eq(jobs.account, account), inArray(jobs.type, [...JOB_TYPES]), eq(jobs.id, id)));
  return rows.map((row) => row.type as JobType);
}

/** Klaviyo answered 404 for a stored job: it is kept, marked with when it went. Only the first time counts. */
export async function markGone(db: Db, account: string, type: JobType, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ goneAt: at })
    .where(and(eq(jobs.account, account), eq(jobs.type, type), eq(jobs.id, id), sql`${jobs.goneAt} is null`))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Keeps the related resources of a finished create or update job, so previews outlive Klaviyo's copy. */
export async function keepIncluded(
  db: Db,
  account: string,
  type: JobType,
  id: string,
  included: CatalogResource[],
  at: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(jobs)
      .set({ included, includedAt: at })
      .where(and(eq(jobs.account, account), eq(jobs.type, type), eq(jobs.id, id)));
    await reindexJobs(tx, account, [{ type, id }]);
  });
}

export async function setPinned(db: Db, account: string, type: JobType, id: string, pinned: boolean): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ pinned })
    .where(and(eq(jobs.account, account), eq(jobs.type, type), eq(jobs.id, id)))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Pins (or unpins) every stored job created in [from, to]: a run kept past retention. Returns how many changed. */
export async function setRangePinned(db: Db, account: string, from: Date, to: Date, pinned: boolean): Promise<number> {
  const rows = await db
    .update(jobs)
    .set({ pinned })
    .where(
      and(
        eq(jobs.account, account),
        sql`${jobs.createdAt} between ${from} and ${to}`,
        sql`${jobs.pinned} is distinct from ${pinned}`,
      ),
    )
    .returning({ id: jobs.id });
  return rows.length;
}

/** How many jobs created in [from, to] are stored, and how many of them are pinned. */
export async function rangePinState(db: Db, account: string, from: Date, to: Date) {
  const rows = await db
    .select({ jobs: sql<string>`count(*)`, pinned: sql<string>`count(*) filter (where ${jobs.pinned})` })
    .from(jobs)
    .where(and(eq(jobs.account, account), sql`${jobs.createdAt} between ${from} and ${to}`));
  return { jobs: Number(rows[0]?.jobs ?? 0), pinned: Number(rows[0]?.pinned ?? 0) };
}

/** A job's status and counts at each recorded change, oldest first. */
export async function jobHistory(db: Db, account: string, type: JobType, id: string) {
  const rows = await db
    .select()
    .from(jobChanges)
    .where(and(eq(jobChanges.account, account), eq(jobChanges.type, type), eq(jobChanges.id, id)))
    .orderBy(jobChanges.observedAt);
  return rows.map((row) => ({
    observedAt: row.observedAt.toISOString(),
    status: row.status as JobStatus,
    completedCount: row.completedCount,
    failedCount: row.failedCount,
  }));
}

export async function getMeta<T>(db: Db, name: string): Promise<T | null> {
  const rows = await db.select().from(storeMeta).where(eq(storeMeta.key, name)).limit(1);
  return rows[0] ? (rows[0].value as T) : null;
}

export async function setMeta(db: Db, name: string, value: unknown, at = new Date()): Promise<void> {
  await db
    .insert(storeMeta)
    .values({ key: name, value, updatedAt: at })
    .onConflictDoUpdate({ target: storeMeta.key, set: { value, updatedAt: at } });
}

/** How many jobs an account has stored, and the oldest one's creation time. */
export async function storedSummary(db: Db, account: string): Promise<{ jobs: number; oldest: string | null }> {
  const rows = await db
    .select({ count: sql<string>`count(*)`, oldest: sql<Date | string | null>`min(${jobs.createdAt})` })
    .from(jobs)
    .where(eq(jobs.account, account));
  const oldest = rows[0]?.oldest;
  return { jobs: Number(rows[0]?.count ?? 0), oldest: oldest ? new Date(oldest).toISOString() : null };
}

/** Last seen queued or processing, and Klaviyo still has it (a job that vanished mid-run stays as it was). */
export const stillRunning = and(sql`${jobs.status} in ('queued', 'processing')`, sql`${jobs.goneAt} is null`);

/** Stored jobs Klaviyo was last seen running (queued or processing), of one type. */
export async function unfinishedJobs(db: Db, account: string, type: JobType): Promise<StoredJob[]> {
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.account, account), eq(jobs.type, type), stillRunning))
    // Oldest first (the likeliest to have finished): a pass reads only so many one by one, and those
    // it read have finished (or are back in the status lists), so the next pass goes on from there.
    .orderBy(asc(jobs.createdAt), asc(jobs.id));
  return rows.map(toStoredJob);
}

/** Which of these ids are stored already (for one account and type). */
export async function knownIds(db: Db, account: string, type: JobType, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.account, account), eq(jobs.type, type), inArray(jobs.id, ids)));
  return new Set(rows.map((row) => row.id));
}

/** Finished create/update jobs whose related resources are not kept yet, oldest first. */
export async function jobsWithoutIncluded(db: Db, account: string, types: JobType[], limit: number) {
  if (types.length === 0) return [];
  const rows = await db
    .select({ type: jobs.type, id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.account, account),
        inArray(jobs.type, types),
        sql`${jobs.status} in ('complete', 'cancelled')`,
        sql`${jobs.includedAt} is null`,
        sql`${jobs.goneAt} is null`,
      ),
    )
    .orderBy(jobs.createdAt)
    .limit(limit);
  return rows as { type: JobType; id: string }[];
}

/** Stored jobs past their expires_at that Klaviyo has not yet been asked about. */
export async function jobsPastExpiry(db: Db, account: string, now: Date, limit: number) {
  const rows = await db
    .select({ type: jobs.type, id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.account, account), sql`${jobs.expiresAt} < ${now}`, sql`${jobs.goneAt} is null`))
    .orderBy(jobs.expiresAt)
    .limit(limit);
  return rows as { type: JobType; id: string }[];
}

/** Whether any stored job of the account is still running (the collector then polls fast). */
export async function anyUnfinished(db: Db, account: string): Promise<boolean> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.account, account), stillRunning))
    .limit(1);
  return rows.length > 0;
}

/**
 * Forgets jobs created before `before`, except pinned ones, with their change logs. Returns how many
 * jobs went. Only this account's rows are touched.
 */
export async function pruneHistory(db: Db, account: string, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(jobs)
      .where(and(eq(jobs.account, account), sql`${jobs.createdAt} < ${before}`, eq(jobs.pinned, false)))
      .returning({ id: jobs.id });
    // The change logs of the jobs that went (a job's changes come within a day of its creation).
    const horizon = new Date(before.getTime() + 24 * 60 * 60_000);
    await tx.execute(sql`
      delete from job_changes c
      where c.account = ${account} and c.observed_at < ${horizon}
        and not exists (select 1 from jobs j where j.account = c.account and j.type = c.type and j.id = c.id)`);
    // Their search entries (an entry carries its job's creation time).
    await tx.execute(sql`
      delete from search_entries e
      where e.account = ${account} and e.created_at < ${before}
        and not exists (select 1 from jobs j where j.account = e.account and j.type = e.type and j.id = e.job_id)`);
    return gone.length;
  });
}

/**
 * Reclaims the space of replaced rows and refreshes the planner's statistics. PostgreSQL's autovacuum
 * does this by itself; the embedded engine has none, so without it the tables only grow and the
 * planner keeps the estimates of an empty store (a scan where an index would serve).
 */
export async function maintainTables(db: Db): Promise<void> {
  for (const table of ["jobs", "job_changes", "store_meta", "search_entries"]) {
    await db.execute(sql.raw(`vacuum (analyze) ${table}`));
  }
}
