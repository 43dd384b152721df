import { formatCount, formatPercent, percent } from "@/lib/format";

export interface ProgressCounts {
  total: number;
  completed: number;
  failed: number;
}

export function progressLabel({ total, completed, failed }: ProgressCounts): string {
  const remaining = Math.max(0, total - completed - failed);
  return (
    `${formatCount(completed + failed)} of ${formatCount(total)} processed: ` +
    `${formatCount(completed)} completed (${formatPercent(completed, total)}), ` +
    `${formatCount(failed)} failed (${formatPercent(failed, total)}), ` +
    `${formatCount(remaining)} remaining (${formatPercent(remaining, total)})`
  );
}

/**
 * Segmented bar: completed, failed, remaining. The numbers show on hover and on keyboard focus, and
 * screen readers get the same sentence through aria-valuetext.
 */
export function ProgressBar({
  counts,
  size = "sm",
  label,
}: {
  counts: ProgressCounts;
  size?: "sm" | "lg";
  label?: string;
}) {
  const { total, completed, failed } = counts;
  const done = Math.min(total, completed + failed);
  const text = progressLabel(counts);
  const height = size === "lg" ? "h-4" : "h-2";
  return (
    <div className="group relative w-full min-w-24">
      <div
        role="progressbar"
        aria-label={label ?? "Job progress"}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
        tabIndex={0}
        className={`flex ${height} w-full overflow-hidden rounded-full bg-status-remaining outline-offset-2 focus-visible:outline-2 focus-visible:outline-accent`}
      >
        <span className="bg-status-complete" style={{ width: `${percent(completed, total)}%` }} />
        <span className="bg-status-failed" style={{ width: `${percent(failed, total)}%` }} />
      </div>
      <div
        role="presentation"
        className="pointer-events-none absolute top-full left-0 z-20 mt-1 hidden w-max max-w-72 rounded-md border border-line bg-surface px-2 py-1 text-xs text-ink shadow-lg group-hover:block group-focus-within:block"
      >
        <ul className="space-y-0.5">
          <li><Swatch className="bg-status-complete" />Completed {formatCount(completed)} · {formatPercent(completed, total)}</li>
          <li><Swatch className="bg-status-failed" />Failed {formatCount(failed)} · {formatPercent(failed, total)}</li>
          <li><Swatch className="bg-status-remaining" />Remaining {formatCount(Math.max(0, total - done))} · {formatPercent(Math.max(0, total - done), total)}</li>
        </ul>
      </div>
    </div>
  );
}

function Swatch({ className }: { className: string }) {
  return <span aria-hidden className={`mr-1.5 inline-block h-2 w-2 rounded-sm align-middle ${className}`} />;
}
