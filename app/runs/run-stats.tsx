"use client";

import { formatCount, formatPercent } from "@/lib/format";
import type { RunSummary } from "@/lib/runs/summary";
import { RunTimingText } from "./run-bits";

/** The run's totals in words. Each is a plain sum over its jobs (the e2e tests check them so). */
export function RunStats({ summary }: { summary: RunSummary }) {
  const { total, completed, failed, pending, skipped } = summary.operations;
  const items: { label: string; value: number; testId: string; tone?: string; share?: boolean }[] = [
    { label: "Jobs", value: summary.jobCount, testId: "run-jobs" },
    { label: "Operations", value: total, testId: "run-total" },
    { label: "Completed", value: completed, testId: "run-completed", tone: "text-status-complete", share: true },
    {
      label: "Failed",
      value: failed,
      testId: "run-failed",
      tone: failed > 0 ? "text-status-failed" : undefined,
      share: true,
    },
    { label: "Remaining", value: pending, testId: "run-pending", share: true },
  ];
  if (skipped > 0) items.push({ label: "Not run (job cancelled)", value: skipped, testId: "run-skipped", share: true });
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {items.map((item) => (
          <div key={item.label}>
            <dt className="text-xs text-ink-muted">{item.label}</dt>
            <dd
              className={`text-lg font-semibold tabular-nums ${item.tone ?? ""}`}
              data-testid={item.testId}
              data-value={item.value}
            >
              {formatCount(item.value)}
              {item.share ? (
                <span className="ml-1 text-xs font-normal text-ink-muted">{formatPercent(item.value, total)}</span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-sm">
        <RunTimingText summary={summary} />
      </p>
    </div>
  );
}
