/**
 * The store's daily aggregates behind `/trends`, the same on both engines. Days are calendar days in
 * an IANA zone (`zone`), cut by PostgreSQL itself (`created_at at time zone …`), so a job created at
 * 23:30 UTC counts on the next day in Berlin. `from` and `to` are dates (YYYY-MM-DD), both included.
 */
import { sql } from "drizzle-orm";
import type { Db } from "./open";
import { rowsOf } from "./open";

/** [start of `from`, start of the day after `to`) in `zone`, as SQL instants. */
function window(from: string, to: string, zone: string) {
  return {
    start: sql`(${from}::date)::timestamp at time zone ${zone}`,
    end: sql`(${to}::date + 1)::timestamp at time zone ${zone}`,
  };
}

export interface DayTypeRow {
  day: string;
  type: string;
  jobs: number;
  operations: number;
  failed: number;
}

/**
 * Jobs, operations (total_count) and failed operations per day and type, of jobs created in the range:
 * sums of the quarter-hour rollup the triggers on `jobs` keep (see schema.ts), never a scan of the jobs.
 */
export async function jobsPerDay(
  db: Db,
  account: string,
  from: string,
  to: string,
  zone: string,
): Promise<DayTypeRow[]> {
  const { start, end } = window(from, to, zone);
  const rows = await rowsOf<{ day: string; type: string; jobs: string; operations: string; failed: string }>(
    db,
    sql`select to_char(bucket at time zone ${zone}, 'YYYY-MM-DD') as day, type,
          sum(jobs) as jobs, sum(operations) as operations, sum(failed) as failed
        from trend_buckets
        where account = ${account} and bucket >= ${start} and bucket < ${end}
        group by 1, 2
        having sum(jobs) > 0
        order by 1, 2`,
  );
  return rows.map((row) => ({
    day: row.day,
    type: row.type,
    jobs: Number(row.jobs),
    operations: Number(row.operations),
    failed: Number(row.failed),
  }));
}

export interface DayErrorRow {
  day: string;
  code: string;
  title: string;
  /** the pointer with its entry index replaced by 0 (`/data/0/attributes/price`), or null */
  pointer: string | null;
  entries: number;
}

/**
 * Error entries per day, by code, title and pointer without its entry index, of jobs created in the
 * range (from the rollup, as above). The field is read from the pointer by the caller, with the same
 * parser as the job and run pages, so a group here is the group those pages show.
 */
export async function errorsPerDay(
  db: Db,
  account: string,
  from: string,
  to: string,
  zone: string,
): Promise<DayErrorRow[]> {
  const { start, end } = window(from, to, zone);
  const rows = await rowsOf<{ day: string; code: string; title: string; pointer: string; entries: string }>(
    db,
    sql`select to_char(bucket at time zone ${zone}, 'YYYY-MM-DD') as day, code, title, pointer,
          sum(entries) as entries
        from trend_errors
        where account = ${account} and bucket >= ${start} and bucket < ${end}
        group by 1, 2, 3, 4
        having sum(entries) > 0`,
  );
  return rows.map((row) => ({ ...row, pointer: row.pointer || null, entries: Number(row.entries) }));
}

/** The highest count of jobs in progress the collector saw on each day of the range (days without a sample are absent). */
export async function inProgressPerDay(
  db: Db,
  account: string,
  from: string,
  to: string,
  zone: string,
): Promise<{ day: string; peak: number }[]> {
  const { start, end } = window(from, to, zone);
  const rows = await rowsOf<{ day: string; peak: number | string }>(
    db,
    sql`select to_char(bucket at time zone ${zone}, 'YYYY-MM-DD') as day, max(peak) as peak
        from in_progress_samples
        where account = ${account} and bucket >= ${start} and bucket < ${end}
        group by 1
        order by 1`,
  );
  return rows.map((row) => ({ day: row.day, peak: Number(row.peak) }));
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** Records a count of jobs in progress seen at `at`: its quarter hour keeps its highest count. */
export async function recordInProgress(db: Db, account: string, at: Date, count: number): Promise<void> {
  const bucket = new Date(Math.floor(at.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS);
  await db.execute(sql`
    insert into in_progress_samples (account, bucket, peak) values (${account}, ${bucket}, ${count})
    on conflict (account, bucket) do update set peak = greatest(in_progress_samples.peak, excluded.peak)`);
}

/** Forgets samples older than `before` (they leave with the jobs, at the same horizon). */
export async function pruneInProgress(db: Db, account: string, before: Date): Promise<void> {
  await db.execute(sql`delete from in_progress_samples where account = ${account} and bucket < ${before}`);
}
