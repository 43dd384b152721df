"use client";

import { useState } from "react";
import { formatCount, formatPercent, percent } from "@/lib/format";
import { focusRing } from "./ui/focus-ring";

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
 * screen readers get the same sentence through aria-valuetext. The panel with the numbers is built
 * only while it shows: a page of 100 jobs would otherwise carry 100 hidden panels, a third of its HTML.
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
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const { total, completed, failed } = counts;
  const done = Math.min(total, completed + failed);
  const remaining = Math.max(0, total - done);
  const height = size === "lg" ? "h-4" : "h-2";
  return (
    <div
      className="relative w-full min-w-24"
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      <div
        role="progressbar"
        aria-label={label ?? "Job progress"}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={progressLabel(counts)}
        tabIndex={0}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        className={`flex ${height} w-full overflow-hidden rounded-full bg-status-remaining outline-offset-2 ${focusRing}`}
      >
        <span className="bg-status-complete" style={{ width: `${percent(completed, total)}%` }} />
        <span className="bg-status-failed" style={{ width: `${percent(failed, total)}%` }} />
      </div>
      {hovered || focused ? (
        <div
          role="presentation"
          data-testid="progress-numbers"
          className="pointer-events-none absolute top-full left-0 z-20 mt-1 w-max max-w-72 rounded-md border border-line bg-surface px-2 py-1 text-xs text-ink shadow-lg"
        >
          <ul className="space-y-0.5">
            <li>
              <Swatch className="bg-status-complete" />
              Completed {formatCount(completed)} · {formatPercent(completed, total)}
            </li>
            <li>
              <Swatch className="bg-status-failed" />
              Failed {formatCount(failed)} · {formatPercent(failed, total)}
            </li>
            <li>
              <Swatch className="bg-status-remaining" />
              Remaining {formatCount(remaining)} · {formatPercent(remaining, total)}
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Swatch({ className }: { className: string }) {
  return <span aria-hidden className={`mr-1.5 inline-block h-2 w-2 rounded-sm align-middle ${className}`} />;
}
