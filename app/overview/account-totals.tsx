"use client";

import { formatCount } from "@/lib/format";
import type { OverviewTotals } from "@/lib/overview/answer";
import { BAD_FAILURE_RATE, formatFailureRate } from "@/lib/runs/summary";

const FAILED = "font-semibold text-status-failed";

/** An account's figures for the window, each a labelled term so it reads (and is found) by its name. */
export function AccountTotals({ totals }: { totals: OverviewTotals }) {
  const rate = totals.failureRate;
  const items: { label: string; value: string; testId: string; bad?: boolean }[] = [
    { label: "Runs", value: formatCount(totals.runs), testId: "total-runs" },
    { label: "Jobs", value: formatCount(totals.jobs), testId: "total-jobs" },
    { label: "Failed operations", value: formatCount(totals.failed), testId: "total-failed", bad: totals.failed > 0 },
    {
      label: "Failure rate",
      value: rate === null ? "—" : formatFailureRate(rate),
      testId: "total-rate",
      bad: rate !== null && rate >= BAD_FAILURE_RATE,
    },
    { label: "Jobs still running", value: formatCount(totals.running), testId: "total-running" },
    {
      label: "Newest run",
      value: totals.newest === null ? "none" : totals.newest === "running" ? "running" : "finished",
      testId: "total-newest",
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3 lg:grid-cols-6">
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs text-ink-muted">{item.label}</dt>
          <dd
            data-testid={item.testId}
            className={`tabular-nums ${item.bad ? FAILED : "font-medium"} ${item.value === "running" ? "text-status-processing" : ""}`}
          >
            {item.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
