import { ProgressBar } from "@/components/progress-bar";
import { formatCount, formatPercent } from "@/lib/format";
import type { Job } from "@/lib/types";

function Stat({
  label,
  value,
  total,
  swatch,
  emphasis = "",
}: {
  label: string;
  value: number;
  total: number | null;
  swatch: string;
  emphasis?: string;
}) {
  return (
    <div data-testid={`count-${label.toLowerCase()}`}>
      <dt className="flex items-center gap-1.5 text-xs tracking-wide text-ink-muted uppercase">
        <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-sm ${swatch}`} />
        {label}
      </dt>
      <dd className="mt-0.5 tabular-nums">
        <span className={`text-2xl font-semibold ${emphasis}`}>{formatCount(value)}</span>
        {total !== null ? <span className="ml-1.5 text-sm text-ink-muted">{formatPercent(value, total)}</span> : null}
      </dd>
    </div>
  );
}

/** The big bar, and the same numbers written out. */
export function JobProgress({ job }: { job: Job }) {
  const total = job.totalCount;
  const remaining = Math.max(0, total - job.completedCount - job.failedCount);
  return (
    <div className="space-y-4 rounded-lg border border-line bg-surface p-4">
      <ProgressBar
        size="lg"
        label={`Progress of job ${job.id}`}
        counts={{ total, completed: job.completedCount, failed: job.failedCount }}
      />
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Completed" value={job.completedCount} total={total} swatch="bg-status-complete" />
        <Stat
          label="Failed"
          value={job.failedCount}
          total={total}
          swatch="bg-status-failed"
          emphasis={job.failedCount > 0 ? "text-status-failed" : ""}
        />
        <Stat label="Remaining" value={remaining} total={total} swatch="bg-status-remaining" />
        <Stat label="Total" value={total} total={null} swatch="border border-line" />
      </dl>
    </div>
  );
}
