/**
 * What `/api/runs` answers (and what the run pages prefetch), built from the jobs the server read.
 * Pure: the server-side read (./read.server) fetches, this shapes.
 */

import { isTerminalStatus, type JobType } from "@/lib/job-types";
import { errorRefsOf, groupErrors } from "@/lib/jobs/error-groups";
import type { Job, JobRow } from "@/lib/types";
import { continuationAfter, createdMs, groupRuns, jobsInWindow, leadInBefore } from "./group";
import { formatRunInstant, type RunWindowChoice } from "./params";
import { type RunSummary, summarizeRun } from "./summary";

/** A run page's per-type job table renders its rows on demand from this many jobs (up to nine tables). */
export const RUN_TABLE_VIRTUAL_FROM = 40;

export interface FetchReport {
  /** `listJobs` calls made for this answer (cache hits inside the proxy included) */
  listCalls: number;
  /** types whose paging stopped at the page cap before reaching the window's start */
  truncated: JobType[];
  fetchedAt: string;
  /** "history": read from the job-history store (no Klaviyo call), as fresh as the collector's last pass */
  source?: "klaviyo" | "history";
  /** with "history": where the history starts (jobs created before it are not held) */
  historySince?: string;
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
    return {
      key: group.key,
      code: group.code,
      title: group.title,
      field: group.field,
      count: group.count,
      jobs: [...affected.values()],
    };
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
