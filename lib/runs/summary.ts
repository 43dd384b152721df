/**
 * A run's totals and timing: every figure is a plain sum over its jobs' list data, so it can be
 * checked. The caller passes `now`; nothing reads a clock.
 */
import { isTerminalStatus, JOB_TYPES, type JobType } from "@/lib/job-types";
import type { Job } from "@/lib/types";
import { createdMs, readable } from "./group";
import { formatRunInstant } from "./params";

/** Klaviyo refuses new bulk jobs while an account has this many queued or processing. */
export const KLAVIYO_MAX_IN_PROGRESS = 500;

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

/** A failure rate at or above this stands out in lists (the alert rules' default threshold). */
export const BAD_FAILURE_RATE = 0.05;

/** "3.3 %": a failure rate as the run pages print it. */
export function formatFailureRate(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

/**
 * Failed ÷ processed operations (completed + failed); null before any was processed. Operations of a
 * cancelled job were never processed and count for neither.
 */
export function failureRate(operations: Pick<OperationTotals, "completed" | "failed">): number | null {
  const processed = operations.completed + operations.failed;
  return processed > 0 ? operations.failed / processed : null;
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
