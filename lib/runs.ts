/**
 * Sync runs: the jobs of every type created in one burst. A catalog sync is many bulk jobs (Klaviyo
 * takes at most 100 operations per job), so ops think in runs, not jobs.
 *
 * Everything here is pure and works on jobs as the list endpoints return them: those carry each job's
 * counts and errors, so a run of 500 jobs costs a handful of list pages and never a detail call per job.
 * The caller passes `now`; nothing reads a clock.
 */
import { errorRefsOf, groupErrors } from "./error-groups";
import { isTerminalStatus, JOB_TYPES, type JobType } from "./job-types";
import { formatRunInstant, type RunWindowChoice } from "./runs-params";
import type { Job, JobRow } from "./types";

/** Klaviyo refuses new bulk jobs while an account has this many queued or processing. */
export const KLAVIYO_MAX_IN_PROGRESS = 500;

/** A run page's per-type job table renders its rows on demand from this many jobs (up to nine tables). */
export const RUN_TABLE_VIRTUAL_FROM = 40;

export const createdMs = (job: Pick<Job, "createdAt">): number => Date.parse(job.createdAt);

/** Oldest first; ties by type then id, so the grouping never depends on the order jobs arrived in. */
function oldestFirst(a: Job, b: Job): number {
  return createdMs(a) - createdMs(b) || a.type.localeCompare(b.type) || a.id.localeCompare(b.id);
}

function readable(jobs: readonly Job[]): Job[] {
  return jobs.filter((job) => Number.isFinite(createdMs(job)));
}

/** Jobs can reach us twice (a page boundary shifting while we read); the first copy wins. */
export function uniqueJobs(jobs: readonly Job[]): Job[] {
  const seen = new Set<string>();
  return jobs.filter((job) => {
    const key = `${job.type}/${job.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Splits jobs into runs: in created_at order, a new run starts wherever two consecutive jobs (of any
 * types) are `gapMs` or more apart. Runs come newest first, and the jobs inside a run newest first, like
 * Klaviyo's lists. Jobs whose created_at cannot be read belong to no run.
 */
export function groupRuns(jobs: readonly Job[], gapMs: number): Job[][] {
  const sorted = readable(uniqueJobs(jobs)).sort(oldestFirst);
  const runs: Job[][] = [];
  let current: Job[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const job of sorted) {
    const created = createdMs(job);
    if (current.length > 0 && created - last >= gapMs) {
      runs.push(current);
      current = [];
    }
    current.push(job);
    last = created;
  }
  if (current.length > 0) runs.push(current);
  return runs.map((run) => run.reverse()).reverse();
}

/** Jobs created in [from, to], both inclusive: what a run link names. Newest first. */
export function jobsInWindow(jobs: readonly Job[], from: number, to: number): Job[] {
  return readable(uniqueJobs(jobs))
    .filter((job) => createdMs(job) >= from && createdMs(job) <= to)
    .sort((a, b) => oldestFirst(b, a));
}

/**
 * Jobs created after `to` and chained to it by gaps shorter than `gapMs`: the run has grown since its
 * link was made. The link keeps naming the jobs it named; these are shown as "the run continues".
 */
export function continuationAfter(jobs: readonly Job[], to: number, gapMs: number): Job[] {
  const later = readable(uniqueJobs(jobs)).filter((job) => createdMs(job) > to).sort(oldestFirst);
  const chained: Job[] = [];
  let last = to;
  for (const job of later) {
    if (createdMs(job) - last >= gapMs) break;
    chained.push(job);
    last = createdMs(job);
  }
  return chained;
}

/** Jobs before `from` chained to it by short gaps: the link's window starts inside a larger run. */
export function leadInBefore(jobs: readonly Job[], from: number, gapMs: number): Job[] {
  const earlier = readable(uniqueJobs(jobs)).filter((job) => createdMs(job) < from).sort((a, b) => oldestFirst(b, a));
  const chained: Job[] = [];
  let last = from;
  for (const job of earlier) {
    if (last - createdMs(job) >= gapMs) break;
    chained.push(job);
    last = createdMs(job);
  }
  return chained;
}

/* ------------------------------------------------------------------------------------------- */

export interface OperationTotals {
  /** Σ total_count */
  total: number;
  /** Σ completed_count */
  completed: number;
  /** Σ failed_count */
  failed: number;
  /** not yet processed, in jobs still queued or processing */
  pending: number;
  /** never processed because their job was cancelled (they stay in the bar's "remaining") */
  skipped: number;
}

export interface TypeCounts {
  type: JobType;
  jobs: number;
  /** jobs per status; unknown statuses (Klaviyo may add some) are kept */
  statuses: Record<string, number>;
}

export interface RunSummary {
  /** the run's first and last created_at, in the canonical link spelling */
  from: string;
  to: string;
  jobCount: number;
  operations: OperationTotals;
  /** the types present, in the usual type order */
  byType: TypeCounts[];
  byStatus: Record<string, number>;
  /** jobs not in a final state yet: what keeps the page polling */
  running: number;
  /** queued + processing: what Klaviyo's 500-job cap counts */
  inProgress: number;
  /** jobs with at least one failed operation */
  jobsWithFailures: number;
  /** latest completed_at of the run; its end once nothing is running */
  lastCompletedAt: string | null;
}

function add(record: Record<string, number>, key: string, n = 1): void {
  record[key] = (record[key] ?? 0) + n;
}

/** Aggregates a non-empty run. Every total is a plain sum over its jobs, so it can be checked. */
export function summarizeRun(jobs: readonly Job[]): RunSummary {
  const run = readable(jobs);
  if (run.length === 0) throw new RangeError("a run has at least one job");
  const operations: OperationTotals = { total: 0, completed: 0, failed: 0, pending: 0, skipped: 0 };
  const byStatus: Record<string, number> = {};
  const types = new Map<JobType, TypeCounts>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let lastCompleted = Number.NEGATIVE_INFINITY;
  let running = 0;
  let inProgress = 0;
  let jobsWithFailures = 0;

  for (const job of run) {
    const created = createdMs(job);
    first = Math.min(first, created);
    last = Math.max(last, created);
    const completed = job.completedAt ? Date.parse(job.completedAt) : Number.NaN;
    if (Number.isFinite(completed)) lastCompleted = Math.max(lastCompleted, completed);

    operations.total += job.totalCount;
    operations.completed += job.completedCount;
    operations.failed += job.failedCount;
    const unprocessed = Math.max(0, job.totalCount - job.completedCount - job.failedCount);
    if (job.status === "cancelled") operations.skipped += unprocessed;
    else if (!isTerminalStatus(job.status)) operations.pending += unprocessed;

    add(byStatus, job.status);
    const counts = types.get(job.type) ?? { type: job.type, jobs: 0, statuses: {} };
    counts.jobs += 1;
    add(counts.statuses, job.status);
    types.set(job.type, counts);

    if (!isTerminalStatus(job.status)) running += 1;
    if (job.status === "queued" || job.status === "processing") inProgress += 1;
    if (job.failedCount > 0) jobsWithFailures += 1;
  }

  return {
    from: formatRunInstant(first),
    to: formatRunInstant(last),
    jobCount: run.length,
    operations,
    byType: JOB_TYPES.flatMap((type) => types.get(type) ?? []),
    byStatus,
    running,
    inProgress,
    jobsWithFailures,
    lastCompletedAt: Number.isFinite(lastCompleted) ? new Date(lastCompleted).toISOString() : null,
  };
}

export type RunTiming =
  | { state: "finished"; durationMs: number }
  | { state: "running"; elapsedMs: number; etaMs: number | null };

/**
 * A finished run lasts from its first job's creation to its last completion. A running one gets an
 * ETA at its average pace so far (operations processed since the first job was created): rough, but
 * honest about what list data can tell, and null until something has been processed.
 */
export function runTiming(summary: RunSummary, now: number): RunTiming {
  const from = Date.parse(summary.from);
  if (summary.running === 0) {
    const end = summary.lastCompletedAt ? Date.parse(summary.lastCompletedAt) : Date.parse(summary.to);
    return { state: "finished", durationMs: Math.max(0, end - from) };
  }
  const elapsedMs = Math.max(0, now - from);
  const processed = summary.operations.completed + summary.operations.failed;
  const pending = summary.operations.pending;
  const etaMs = processed > 0 && elapsedMs > 0 ? Math.round(pending / (processed / elapsedMs)) : null;
  return { state: "running", elapsedMs, etaMs: pending === 0 ? 0 : etaMs };
}

/* ---------------------------------------------------------------------------------------------
 * What `/api/runs` answers (and what the page prefetches): built here from the jobs the server read.
 * ------------------------------------------------------------------------------------------- */

export interface FetchReport {
  /** `listJobs` calls made for this answer (cache hits inside the proxy included) */
  listCalls: number;
  /** types whose paging stopped at the page cap before reaching the window's start */
  truncated: JobType[];
  fetchedAt: string;
}

export interface RunEdge {
  jobCount: number;
  /** earliest (lead-in) or latest (continuation) created_at seen, canonical spelling */
  boundary: string;
  running: number;
}

/** One group of a run's error entries (same code, title and field) and the jobs that have them. */
export interface RunErrorGroup {
  key: string;
  code: string;
  title: string;
  field: string | null;
  /** error entries in the group */
  count: number;
  /** the jobs with at least one entry in the group, in the order their entries were first met */
  jobs: { type: JobType; id: string }[];
}

/**
 * A run's error entries, grouped on the server: a big run lists tens of thousands of entries, and the
 * page needs only the groups. The entries themselves are a download (`/api/runs/errors`).
 */
export interface RunErrors {
  /** error entries Klaviyo listed for the run's jobs (it may list fewer than `failed_count`) */
  entries: number;
  /** largest first */
  groups: RunErrorGroup[];
}

export function runErrors(jobs: readonly Job[]): RunErrors {
  const refs = jobs.flatMap(errorRefsOf);
  // Shares are left to the page, which has the failed-operation total beside them.
  const groups = groupErrors(refs, 0).map((group) => {
    const affected = new Map<string, { type: JobType; id: string }>();
    for (const ref of group.refs) affected.set(`${ref.jobType}/${ref.jobId}`, { type: ref.jobType, id: ref.jobId });
    return { key: group.key, code: group.code, title: group.title, field: group.field, count: group.count, jobs: [...affected.values()] };
  });
  return { entries: refs.length, groups };
}

/** What a run page's tables and charts read of a job: its entries are counted in `RunErrors` instead. */
export function jobRow(job: Job): JobRow {
  const { type, id, status, createdAt, completedAt, expiresAt, totalCount, completedCount, failedCount } = job;
  return { type, id, status, createdAt, completedAt, expiresAt, totalCount, completedCount, failedCount };
}

export interface RunDetail extends FetchReport {
  /** the link's window, canonical spelling */
  from: string;
  to: string;
  gapMinutes: number;
  /** null when no job was created in the window (expired, or a hand-written link) */
  summary: RunSummary | null;
  /** the run's jobs, newest first, without their error entries (see `errors`) */
  jobs: JobRow[];
  errors: RunErrors;
  /** jobs created after `to` within the gap: the run is still growing */
  continues: RunEdge | null;
  /** jobs created before `from` within the gap: the window starts inside a larger run */
  startedEarlier: RunEdge | null;
}

function edge(jobs: readonly Job[], boundary: "first" | "last"): RunEdge | null {
  if (jobs.length === 0) return null;
  const times = jobs.map(createdMs);
  return {
    jobCount: jobs.length,
    boundary: formatRunInstant(boundary === "first" ? Math.min(...times) : Math.max(...times)),
    running: jobs.filter((job) => !isTerminalStatus(job.status)).length,
  };
}

/** `fetched` holds every job created from `from - gap` up to now, all types. */
export function buildRunDetail(
  fetched: readonly Job[],
  query: { from: number; to: number; gapMinutes: number },
  report: FetchReport,
): RunDetail {
  const gapMs = query.gapMinutes * 60_000;
  const jobs = jobsInWindow(fetched, query.from, query.to);
  return {
    from: formatRunInstant(query.from),
    to: formatRunInstant(query.to),
    gapMinutes: query.gapMinutes,
    summary: jobs.length > 0 ? summarizeRun(jobs) : null,
    jobs: jobs.map(jobRow),
    errors: runErrors(jobs),
    continues: edge(continuationAfter(fetched, query.to, gapMs), "last"),
    startedEarlier: edge(leadInBefore(fetched, query.from, gapMs), "first"),
    ...report,
  };
}

export interface RunListEntry {
  summary: RunSummary;
  /** began within one gap of the lookback's start: it may have started earlier than shown */
  clipped: boolean;
}

export interface RecentRuns extends FetchReport {
  window: RunWindowChoice;
  gapMinutes: number;
  /** the lookback's start, ISO */
  since: string;
  /** newest first */
  runs: RunListEntry[];
}

/** `fetched` holds every job created since `since` (older ones on the last pages are dropped). */
export function buildRecentRuns(
  fetched: readonly Job[],
  query: { window: RunWindowChoice; gapMinutes: number; since: number },
  report: FetchReport,
): RecentRuns {
  const gapMs = query.gapMinutes * 60_000;
  const inWindow = fetched.filter((job) => createdMs(job) >= query.since);
  return {
    window: query.window,
    gapMinutes: query.gapMinutes,
    since: new Date(query.since).toISOString(),
    runs: groupRuns(inWindow, gapMs).map((run) => {
      const summary = summarizeRun(run);
      return { summary, clipped: Date.parse(summary.from) - query.since < gapMs };
    }),
    ...report,
  };
}
