/**
 * What `GET /api/trends` answers and `/trends` shows, and its CSV export: one row per day.
 */
import { JOB_TYPES, type JobType } from "@/lib/job-types";

export interface TrendDay {
  /** YYYY-MM-DD in the answer's zone */
  day: string;
  jobs: number;
  /** operations submitted: the sum of the jobs' total_count */
  operations: number;
  failed: number;
  /** failed ÷ operations, 0..1; null on a day without operations */
  failureRate: number | null;
  /** jobs and operations per type (every type, zeros included) */
  byType: Record<JobType, { jobs: number; operations: number }>;
  /** the most jobs in progress the collector saw that day; null when it took no sample that day */
  inProgressPeak: number | null;
}

export interface TrendErrorGroup {
  /** as the job and run pages key a group: code, title and field */
  key: string;
  code: string;
  title: string;
  field: string | null;
  /** error entries in the range */
  entries: number;
  /** entries per day, in the order of `days` */
  perDay: number[];
  /** not seen in the span of the same length just before the range */
  isNew: boolean;
}

export interface TrendsAnswer {
  from: string;
  to: string;
  zone: string;
  /** the span "new" is judged against */
  previous: { from: string; to: string };
  days: TrendDay[];
  /** the largest groups in the range, largest first (at most TOP_ERROR_GROUPS) */
  errorGroups: TrendErrorGroup[];
  /** groups in the range beyond those charted */
  otherErrorGroups: number;
  /** Klaviyo's limit of jobs in progress at once */
  cap: number;
  /** since when the history is kept and the collector's last pass (a range before `since` is incomplete) */
  history: { since: string | null; asOf: string | null };
}

export const TREND_CSV_COLUMNS = [
  "day",
  "jobs",
  "operations",
  "failed",
  "failure_rate",
  "in_progress_peak",
  ...JOB_TYPES.flatMap((type) => [`jobs_${type}`, `operations_${type}`]),
] as const;

/** One flat row per day, in TREND_CSV_COLUMNS order: what the charts and their tables show. */
export function trendCsvRows(answer: TrendsAnswer): Record<string, string | number>[] {
  return answer.days.map((d) => {
    const row: Record<string, string | number> = {
      day: d.day,
      jobs: d.jobs,
      operations: d.operations,
      failed: d.failed,
      failure_rate: d.failureRate === null ? "" : Number(d.failureRate.toFixed(6)),
      in_progress_peak: d.inProgressPeak ?? "",
    };
    for (const type of JOB_TYPES) {
      row[`jobs_${type}`] = d.byType[type].jobs;
      row[`operations_${type}`] = d.byType[type].operations;
    }
    return row;
  });
}
