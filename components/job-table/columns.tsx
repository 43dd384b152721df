"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Link } from "@/components/account-link";
import { TABLE_CLOCK_STEP_MS, useNow } from "@/components/clock";
import { CopyButton } from "@/components/copy-button";
import { type DataTableFeatures, dataTableFeatures } from "@/components/data-table/features";
import { ProgressBar } from "@/components/progress-bar";
import { RelativeAndExactTime, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { formatCount, formatDuration } from "@/lib/format";
import { JOB_STATUSES, JOB_TYPE_INFO } from "@/lib/job-types";
import { jobDetailHref } from "@/lib/jobs/detail-params";
import type { ListColumn } from "@/lib/jobs/list-params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { JobRow } from "@/lib/types";

export const jobTableFeatures = dataTableFeatures;
const helper = createColumnHelper<DataTableFeatures, JobRow>();

export const COLUMN_LABELS: Record<ListColumn, string> = {
  id: "Job",
  status: "Status",
  progress: "Progress",
  counts: "Done / failed / total",
  created: "Created",
  completed: "Completed",
  duration: "Duration",
  expires: "Expires",
};

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

export function jobDurationMs(job: JobRow, now: number): number {
  const end = job.completedAt ? Date.parse(job.completedAt) : now;
  return Math.max(0, end - Date.parse(job.createdAt));
}

/**
 * Live times change length as they tick ("59 sec. ago" → "1 min. ago"); a floor on their width keeps
 * the table's columns from shifting when they do, as right after the page hydrates. It sits on the
 * time's own element: a wrapper would add an element per cell.
 */
const TIME_CELL = "inline-block min-w-[12ch]";

function Duration({ job }: { job: JobRow }) {
  const now = useNow(TABLE_CLOCK_STEP_MS);
  // Not started: no duration to tick (its wait is in the Created column).
  if (job.status === "queued") {
    return (
      <span className={`${TIME_CELL} text-ink-muted`}>
        —<span className="sr-only">not started</span>
      </span>
    );
  }
  const running = !job.completedAt;
  return (
    <span className={`${TIME_CELL} tabular-nums whitespace-nowrap ${running ? "text-ink-muted" : ""}`}>
      {formatDuration(jobDurationMs(job, now))}
      {running && job.status !== "cancelled" ? <span className="sr-only"> so far</span> : null}
    </span>
  );
}

/**
 * `back`: the job list's query, carried to a job's page so its breadcrumb returns to this view (see
 * jobDetailHref). `withType`: a Type column after the id, for a list of every type.
 */
export function jobColumns(tz: TimeZoneChoice, back?: string, withType = false) {
  return helper.columns([
    helper.accessor("id", {
      id: "id",
      header: COLUMN_LABELS.id,
      sortFn: "alphanumeric",
      enableHiding: false,
      cell: ({ row }) => (
        <span className="flex items-center gap-1">
          <Link
            href={jobDetailHref(row.original.type, row.original.id, tz, back)}
            className="font-mono text-xs text-accent underline-offset-2 hover:underline"
            data-row-link
          >
            {row.original.id}
          </Link>
          <CopyButton value={row.original.id} label={`Copy job id ${row.original.id}`} />
          {/* A phone's card says what kind of job it is; the desktop table's heading (or Type column) does. */}
          {withType ? null : (
            <span className="text-xs whitespace-nowrap text-ink-muted sm:hidden">
              {JOB_TYPE_INFO[row.original.type].label}
            </span>
          )}
        </span>
      ),
    }),
    ...(withType
      ? [
          helper.accessor((job) => JOB_TYPE_INFO[job.type].label, {
            id: "type",
            header: "Type",
            // Not one of the view's columns (no sort or hide in the URL): it shows on lists of every type only.
            enableSorting: false,
            enableHiding: false,
            cell: ({ row }) => <span className="whitespace-nowrap">{JOB_TYPE_INFO[row.original.type].label}</span>,
          }),
        ]
      : []),
    helper.accessor((job) => statusRank(job.status), {
      id: "status",
      header: COLUMN_LABELS.status,
      sortFn: "basic",
      cell: ({ row }) => <StatusBadge status={row.original.status} failed={row.original.failedCount} />,
    }),
    helper.accessor((job) => (job.totalCount ? (job.completedCount + job.failedCount) / job.totalCount : 0), {
      id: "progress",
      header: COLUMN_LABELS.progress,
      sortFn: "basic",
      cell: ({ row }) => (
        <ProgressBar
          label={`Progress of job ${row.original.id}`}
          counts={{
            total: row.original.totalCount,
            completed: row.original.completedCount,
            failed: row.original.failedCount,
          }}
        />
      ),
    }),
    helper.accessor((job) => job.failedCount, {
      id: "counts",
      header: COLUMN_LABELS.counts,
      sortFn: "basic",
      cell: ({ row }) => (
        <span className="tabular-nums whitespace-nowrap">
          {formatCount(row.original.completedCount)}
          <span className="text-ink-muted"> / </span>
          {row.original.failedCount > 0 ? (
            <span className="font-semibold text-status-failed">{formatCount(row.original.failedCount)}</span>
          ) : (
            "0"
          )}
          <span className="text-ink-muted"> / {formatCount(row.original.totalCount)}</span>
        </span>
      ),
    }),
    helper.accessor((job) => time(job.createdAt), {
      id: "created",
      header: COLUMN_LABELS.created,
      sortFn: "basic",
      // The exact time shows here (to the minute, in the chosen zone); the other times keep it in their tooltip.
      cell: ({ row }) => <RelativeAndExactTime iso={row.original.createdAt} tz={tz} className={TIME_CELL} />,
    }),
    helper.accessor((job) => time(job.completedAt), {
      id: "completed",
      header: COLUMN_LABELS.completed,
      sortFn: "basic",
      cell: ({ row }) => <RelativeTime iso={row.original.completedAt} tz={tz} className={TIME_CELL} />,
    }),
    helper.accessor((job) => jobDurationMs(job, Date.parse(job.completedAt ?? job.createdAt)), {
      id: "duration",
      header: COLUMN_LABELS.duration,
      sortFn: "basic",
      cell: ({ row }) => <Duration job={row.original} />,
    }),
    helper.accessor((job) => time(job.expiresAt), {
      id: "expires",
      header: COLUMN_LABELS.expires,
      sortFn: "basic",
      cell: ({ row }) => <RelativeTime iso={row.original.expiresAt} tz={tz} className={TIME_CELL} />,
    }),
  ]);
}

function statusRank(status: string): number {
  const index = (JOB_STATUSES as readonly string[]).indexOf(status);
  return index === -1 ? JOB_STATUSES.length : index;
}
