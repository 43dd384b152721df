"use client";

import { useNow } from "@/components/clock";
import { ExactTime } from "@/components/relative-time";
import { formatDuration } from "@/lib/format";
import { type RunSummary, runTiming } from "@/lib/runs/summary";
import type { TimeZoneChoice } from "@/lib/time-zone";

/** Duration of a finished run, or time so far and a rough ETA of a running one. */
export function RunTimingText({ summary }: { summary: RunSummary }) {
  const now = useNow();
  const timing = runTiming(summary, now);
  if (timing.state === "finished") {
    return <span data-testid="run-duration">Took {formatDuration(timing.durationMs)}</span>;
  }
  return (
    <span data-testid="run-eta">
      Running for {formatDuration(timing.elapsedMs)} ·{" "}
      {timing.etaMs === null ? (
        "no ETA until operations are processed"
      ) : (
        <span title="At the run's average pace so far">about {formatDuration(timing.etaMs)} left</span>
      )}
    </span>
  );
}

export function RunStateBadge({ running }: { running: number }) {
  return running > 0 ? (
    <span
      data-testid="run-state"
      className="inline-flex items-center gap-1.5 rounded-full border border-status-processing px-2 py-0.5 text-xs font-medium whitespace-nowrap text-status-processing"
    >
      <span
        aria-hidden
        className="h-1.5 w-1.5 animate-pulse rounded-full bg-status-processing motion-reduce:animate-none"
      />
      {running} {running === 1 ? "job" : "jobs"} still running
    </span>
  ) : (
    <span
      data-testid="run-state"
      className="inline-flex items-center gap-1.5 rounded-full border border-status-complete px-2 py-0.5 text-xs font-medium whitespace-nowrap text-status-complete"
    >
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-status-complete" />
      Finished
    </span>
  );
}

/** Where a run answer came from: Klaviyo's lists (and at what cost), or the job history (and how fresh). */
export function ReadFrom({
  answer,
  tz,
}: {
  answer: { listCalls: number; fetchedAt: string; source?: "klaviyo" | "history"; historySince?: string };
  tz: TimeZoneChoice;
}) {
  if (answer.source === "history") {
    return (
      <>
        {" · from the job history, as collected at "}
        <ExactTime iso={answer.fetchedAt} tz={tz} />
        {answer.historySince ? (
          <span data-testid="history-since">
            {" · history kept since "}
            <ExactTime iso={answer.historySince} tz={tz} />
          </span>
        ) : null}
      </>
    );
  }
  return <>{` · read with ${answer.listCalls} list calls`}</>;
}
