/** Shapes a run's jobs into chart data. Pure: the charts only draw what this returns. */

import type { JobRow } from "@/lib/types";
import { createdMs } from "./group";

export const THROUGHPUT_BUCKET_MS = 5 * 60_000;
/** Beyond this many buckets the chart gets wider buckets instead (a long run stays readable). */
const MAX_BUCKETS = 288;
/** Below this many buckets a chart says nothing a sentence cannot: the run page shows the figures as text. */
export const MIN_CHART_BUCKETS = 3;

export interface ThroughputBucket {
  /** bucket start, ISO */
  at: string;
  /** operations finished in jobs that completed in this bucket */
  completed: number;
  failed: number;
  /** operations finished by the end of this bucket, all jobs of the run */
  cumulative: number;
  /** `cumulative` as a share of the run's operations, 0..100 */
  percent: number;
}

export interface Throughput {
  bucketMs: number;
  buckets: ThroughputBucket[];
  /** operations already processed in jobs still running: list data has no time for them yet */
  inFlight: number;
}

/**
 * Operations finished per bucket, from each finished job's completed_at and counts: the list endpoint
 * says nothing about when a running job processed its entries, so those are reported as `inFlight`.
 * Buckets run from the run's first creation to its last completion, empty ones included.
 */
export function runThroughput(jobs: readonly JobRow[], bucketMs = THROUGHPUT_BUCKET_MS): Throughput {
  const run = jobs.filter((job) => Number.isFinite(createdMs(job)));
  if (run.length === 0) return { bucketMs, buckets: [], inFlight: 0 };
  const total = run.reduce((sum, job) => sum + job.totalCount, 0);
  const start = Math.min(...run.map(createdMs));
  const finished: { at: number; completed: number; failed: number }[] = [];
  let inFlight = 0;
  for (const job of run) {
    const at = job.completedAt ? Date.parse(job.completedAt) : Number.NaN;
    if (Number.isFinite(at))
      finished.push({ at: Math.max(at, start), completed: job.completedCount, failed: job.failedCount });
    else inFlight += job.completedCount + job.failedCount;
  }
  const end = Math.max(start, ...finished.map((f) => f.at));
  let size = bucketMs;
  if ((end - start) / size > MAX_BUCKETS) size = Math.ceil((end - start) / MAX_BUCKETS / bucketMs) * bucketMs;
  const first = Math.floor(start / size) * size;
  const count = Math.floor((end - first) / size) + 1;
  const buckets = Array.from({ length: count }, (_, i) => ({ at: first + i * size, completed: 0, failed: 0 }));
  for (const f of finished) {
    const bucket = buckets[Math.floor((f.at - first) / size)];
    if (!bucket) continue;
    bucket.completed += f.completed;
    bucket.failed += f.failed;
  }
  let cumulative = 0;
  return {
    bucketMs: size,
    inFlight,
    buckets: buckets.map((b) => {
      cumulative += b.completed + b.failed;
      return {
        at: new Date(b.at).toISOString(),
        completed: b.completed,
        failed: b.failed,
        cumulative,
        percent: total > 0 ? Math.round((cumulative / total) * 1000) / 10 : 0,
      };
    }),
  };
}

/**
 * Axis ticks from 0 to at least `max`, about four steps of 1, 1.5, 2, 2.5 or 5 times a power of ten:
 * niceTicks(5_230) → [0, 1500, 3000, 4500, 6000].
 */
export function niceTicks(max: number, steps = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / steps;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 1.5, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const count = Math.ceil(max / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}
