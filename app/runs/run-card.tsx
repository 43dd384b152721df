"use client";

import { Link } from "@/components/account-link";
import { PendingHint } from "@/components/pending-hint";
import { ProgressBar } from "@/components/progress-bar";
import { RelativeTime } from "@/components/relative-time";
import { RunSpan } from "@/components/run-span";
import { formatCount } from "@/lib/format";
import type { RunListEntry } from "@/lib/runs/answers";
import { runHref } from "@/lib/runs/params";
import { BAD_FAILURE_RATE, failureRate } from "@/lib/runs/summary";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { RunStateBadge, RunTimingText } from "./run-bits";
import { TypeStatusList } from "./type-status";

/** One recent run: its window (the link), counts by type and status, aggregate progress, timing. */
export function RunCard({ entry, gapMinutes, tz }: { entry: RunListEntry; gapMinutes: number; tz: TimeZoneChoice }) {
  const { summary, clipped } = entry;
  const href = runHref(Date.parse(summary.from), Date.parse(summary.to), gapMinutes, tz);
  const { total, completed, failed } = summary.operations;
  const rate = failureRate(summary.operations);
  return (
    <article
      className="space-y-3 rounded-lg border border-line bg-surface p-4"
      data-testid="run-card"
      data-from={summary.from}
      data-to={summary.to}
      data-jobs={summary.jobCount}
      data-total={total}
      data-completed={completed}
      data-failed={failed}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          {/* Outside the link: a clipped 1 px box first inside it would be where a pointer "clicks the link". */}
          <span className="sr-only">Run </span>
          <Link href={href} className="text-accent underline-offset-2 hover:underline" data-testid="run-link">
            <RunSpan from={summary.from} to={summary.to} tz={tz} />
            <PendingHint />
          </Link>
        </h2>
        <div className="flex items-center gap-3 text-sm text-ink-muted">
          <span>
            started <RelativeTime iso={summary.from} tz={tz} />
          </span>
          <RunStateBadge running={summary.running} />
        </div>
      </div>
      <ProgressBar counts={{ total, completed, failed }} label={`Progress of the run starting ${summary.from}`} />
      <p className="flex flex-wrap gap-x-4 text-sm">
        <span>
          <strong className="tabular-nums">{formatCount(summary.jobCount)}</strong> jobs,{" "}
          <span className="tabular-nums">{formatCount(total)}</span> operations
        </span>
        <span className="tabular-nums">
          {formatCount(completed)} completed ·{" "}
          <span className={failed > 0 ? "font-semibold text-status-failed" : ""}>{formatCount(failed)} failed</span>
          {rate !== null ? (
            <span
              data-testid="run-failure-rate"
              title="Failed ÷ processed operations"
              className={rate >= BAD_FAILURE_RATE ? "font-semibold text-status-failed" : "text-ink-muted"}
            >
              {" "}
              ({(rate * 100).toFixed(1)} %)
            </span>
          ) : null}
        </span>
        <RunTimingText summary={summary} />
      </p>
      <TypeStatusList summary={summary} />
      {clipped ? (
        <p className="text-xs text-ink-muted">
          Began near the start of the look-back window, so it may have started earlier; open it to check.
        </p>
      ) : null}
    </article>
  );
}
