/**
 * Sync runs: the jobs of every type created in one burst. A catalog sync is many bulk jobs (Klaviyo
 * takes at most 100 operations per job), so ops think in runs, not jobs.
 *
 * Everything here is pure and works on jobs as the list endpoints return them: those carry each job's
 * counts and errors, so a run of 500 jobs costs a handful of list pages and never a detail call per job.
 * The caller passes `now`; nothing reads a clock.
 */
import { compareText } from "@/lib/format";
import type { Job } from "@/lib/types";

export const createdMs = (job: Pick<Job, "createdAt">): number => Date.parse(job.createdAt);

/** Oldest first; ties by type then id, so the grouping never depends on the order jobs arrived in. */
function oldestFirst(a: Job, b: Job): number {
  return createdMs(a) - createdMs(b) || compareText(a.type, b.type) || compareText(a.id, b.id);
}

/** The jobs whose created_at can be read (a job without one belongs to no run). */
export function readable(jobs: readonly Job[]): Job[] {
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
  const later = readable(uniqueJobs(jobs))
    .filter((job) => createdMs(job) > to)
    .sort(oldestFirst);
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
  const earlier = readable(uniqueJobs(jobs))
    .filter((job) => createdMs(job) < from)
    .sort((a, b) => oldestFirst(b, a));
  const chained: Job[] = [];
  let last = from;
  for (const job of earlier) {
    if (last - createdMs(job) >= gapMs) break;
    chained.push(job);
    last = createdMs(job);
  }
  return chained;
}
