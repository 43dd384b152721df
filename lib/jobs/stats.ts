/** Shapes loaded jobs into chart data. Pure: charts only draw what these return. */
import { JOB_STATUSES } from "@/lib/job-types";
import type { Job } from "@/lib/types";

export interface StatusSlice {
  status: string;
  jobs: number;
}

export function statusBreakdown(jobs: readonly Job[]): StatusSlice[] {
  const counts = new Map<string, number>(JOB_STATUSES.map((s) => [s, 0]));
  for (const job of jobs) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 0).map(([status, n]) => ({ status, jobs: n }));
}

export interface HourBucket {
  /** start of the hour, ISO */
  hour: string;
  completed: number;
  failed: number;
}

/** Items completed and failed, by the hour their job was created (UTC hours, oldest first). */
export function itemsByHourCreated(jobs: readonly Job[]): HourBucket[] {
  const buckets = new Map<number, HourBucket>();
  for (const job of jobs) {
    const created = Date.parse(job.createdAt);
    if (!Number.isFinite(created)) continue;
    const hour = Math.floor(created / 3_600_000) * 3_600_000;
    const bucket = buckets.get(hour) ?? { hour: new Date(hour).toISOString(), completed: 0, failed: 0 };
    bucket.completed += job.completedCount;
    bucket.failed += job.failedCount;
    buckets.set(hour, bucket);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
}
