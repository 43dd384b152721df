import { TableHead, TableHeaderCell } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import { JOB_STATUSES, JOB_TYPE_INFO } from "@/lib/job-types";
import type { RunSummary, TypeCounts } from "@/lib/runs/summary";

const STATUS_TEXT: Record<string, string> = {
  queued: "text-status-queued",
  processing: "text-status-processing",
  complete: "text-status-complete",
  cancelled: "text-status-cancelled",
};

/** Known statuses in lifecycle order, then any Klaviyo added, so columns never hide a job. */
function statusesOf(summary: RunSummary): string[] {
  const extra = Object.keys(summary.byStatus)
    .filter((s) => !(JOB_STATUSES as readonly string[]).includes(s))
    .sort();
  return [...JOB_STATUSES, ...extra];
}

function statusText(counts: TypeCounts): string {
  return Object.entries(counts.statuses)
    .map(([status, n]) => `${formatCount(n)} ${status}`)
    .join(", ");
}

/** One line per type: "Item create 38 jobs: 30 complete, 8 processing". */
export function TypeStatusList({ summary }: { summary: RunSummary }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Jobs by type and status">
      {summary.byType.map((counts) => (
        <li key={counts.type} data-testid="type-count" data-type={counts.type} data-jobs={counts.jobs}>
          <span className="font-medium">{JOB_TYPE_INFO[counts.type].label}</span>{" "}
          <span className="tabular-nums">{formatCount(counts.jobs)}</span>
          <span className="text-ink-muted"> ({statusText(counts)})</span>
        </li>
      ))}
    </ul>
  );
}

/** Types × statuses, with totals: the run's job counts at a glance. */
export function TypeStatusTable({ summary }: { summary: RunSummary }) {
  const statuses = statusesOf(summary);
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full border-collapse text-sm tabular-nums" data-testid="type-status-table">
        <caption className="sr-only">Jobs of this run by type and status</caption>
        <TableHead>
          <tr>
            <TableHeaderCell>Type</TableHeaderCell>
            {statuses.map((s) => (
              <TableHeaderCell key={s} numeric>
                {s}
              </TableHeaderCell>
            ))}
            <TableHeaderCell numeric>Jobs</TableHeaderCell>
          </tr>
        </TableHead>
        <tbody>
          {summary.byType.map((counts) => (
            <tr key={counts.type} className="border-t border-line">
              <th scope="row" className="px-3 py-1.5 text-left font-medium">
                {JOB_TYPE_INFO[counts.type].label}
              </th>
              {statuses.map((s) => (
                <td
                  key={s}
                  className={`px-3 py-1.5 text-right ${counts.statuses[s] ? (STATUS_TEXT[s] ?? "") : "text-ink-muted"}`}
                >
                  {formatCount(counts.statuses[s] ?? 0)}
                </td>
              ))}
              <td className="px-3 py-1.5 text-right font-semibold">{formatCount(counts.jobs)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t border-line bg-surface-muted/60">
            <th scope="row" className="px-3 py-1.5 text-left font-semibold">
              All types
            </th>
            {statuses.map((s) => (
              <td key={s} className="px-3 py-1.5 text-right font-semibold">
                {formatCount(summary.byStatus[s] ?? 0)}
              </td>
            ))}
            <td className="px-3 py-1.5 text-right font-semibold" data-testid="run-job-count">
              {formatCount(summary.jobCount)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
