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

const minuteFormats = new Map<string, Intl.DateTimeFormat>();

/** The start of the hour `ms` falls in, on the clock of `timeZone` (undefined: the browser's zone). */
export function startOfHour(ms: number, timeZone: string | undefined): number {
  const date = new Date(ms);
  if (timeZone === "UTC")
    return ms - (date.getUTCMinutes() * 60 + date.getUTCSeconds()) * 1000 - date.getUTCMilliseconds();
  if (timeZone === undefined) return ms - (date.getMinutes() * 60 + date.getSeconds()) * 1000 - date.getMilliseconds();
  // A zone can be a half or quarter hour off UTC (India, Nepal): its hours start at its own :00.
  let format = minuteFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, minute: "numeric", second: "numeric" });
    minuteFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return ms - (part("minute") * 60 + part("second")) * 1000 - date.getUTCMilliseconds();
}

/**
 * Items completed and failed, by the hour their job was created (oldest first), on the clock of
 * `timeZone` (undefined: the browser's zone) so the chart's hours are the ones the view shows.
 */
export function itemsByHourCreated(jobs: readonly Job[], timeZone: string | undefined = "UTC"): HourBucket[] {
  const buckets = new Map<number, HourBucket>();
  for (const job of jobs) {
    const created = Date.parse(job.createdAt);
    if (!Number.isFinite(created)) continue;
    const hour = startOfHour(created, timeZone);
    const bucket = buckets.get(hour) ?? { hour: new Date(hour).toISOString(), completed: 0, failed: 0 };
    bucket.completed += job.completedCount;
    bucket.failed += job.failedCount;
    buckets.set(hour, bucket);
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
}
