"use client";

import dynamic from "next/dynamic";
import { useTimeZone } from "@/components/clock";
import { formatClock, formatDuration } from "@/lib/format";
import { isTerminalStatus } from "@/lib/job-types";
import {
  ETA_MIN_SAMPLES,
  ETA_MIN_SPAN_MS,
  etaRange,
  type ProgressSample,
  smoothedRate,
  stallState,
} from "@/lib/jobs/throughput";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { Job } from "@/lib/types";

const ProgressChart = dynamic(() => import("./progress-chart"), {
  ssr: false,
  loading: () => <div className="h-[246px] rounded-lg border border-line bg-surface" aria-hidden />,
});

export function formatRate(perMinute: number): string {
  const value = perMinute >= 10 ? Math.round(perMinute).toString() : perMinute.toFixed(1);
  return `${value} items/min`;
}

function Fact({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }) {
  return (
    <div data-testid={testId}>
      <dt className="text-xs tracking-wide text-ink-muted uppercase">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

/** Lifetime average for a job that finished before anyone watched it: the only pace Klaviyo lets us know. */
function lifetimeRate(job: Job): number | null {
  if (!job.completedAt) return null;
  const ms = Date.parse(job.completedAt) - Date.parse(job.createdAt);
  const processed = job.completedCount + job.failedCount;
  return ms > 0 && processed > 0 ? (processed / ms) * 60_000 : null;
}

export function ThroughputPanel({
  job,
  samples,
  receivedAt,
  tz = "local",
}: {
  job: Job;
  samples: readonly ProgressSample[];
  receivedAt: number;
  /** the zone of the ETA's clock and the chart's times, as the page's other times */
  tz?: TimeZoneChoice;
}) {
  const zone = useTimeZone(tz);
  // 24-hour, like the page's other times; formatClock builds its Intl formatter on first use (a tab's
  // first costs 40-60 ms, and most loads never show an ETA).
  const clockTime = (ms: number) => formatClock(ms, zone);
  const terminal = isTerminalStatus(job.status);
  const watched = samples.length >= 2;
  const rate = smoothedRate(samples);
  const eta = terminal ? null : etaRange(samples, job.totalCount);
  const stall = stallState(samples, { running: job.status === "processing", total: job.totalCount });
  const lifetime = lifetimeRate(job);

  let etaText: React.ReactNode;
  if (terminal) etaText = job.status === "complete" ? "Done" : "Cancelled before the end";
  else if (job.status === "queued") etaText = "Waiting for Klaviyo to start it";
  else if (eta) {
    const range =
      eta.latestMs === null
        ? `at least ${formatDuration(eta.earliestMs)}`
        : formatDuration(eta.earliestMs) === formatDuration(eta.latestMs)
          ? `about ${formatDuration(eta.earliestMs)}`
          : `${formatDuration(eta.earliestMs)} – ${formatDuration(eta.latestMs)}`;
    const from = clockTime(receivedAt + eta.earliestMs);
    const to = eta.latestMs === null ? null : clockTime(receivedAt + eta.latestMs);
    etaText = (
      <span>
        <span className="font-semibold">{range}</span> left
        <span className="text-ink-muted"> (≈ {to && to !== from ? `${from}–${to}` : from})</span>
      </span>
    );
  } else {
    etaText = (
      <span className="text-ink-muted">
        Estimating: needs {ETA_MIN_SAMPLES} reads over {ETA_MIN_SPAN_MS / 1000} s with progress
      </span>
    );
  }

  return (
    <section aria-labelledby="throughput-heading" className="space-y-3 rounded-lg border border-line bg-surface p-4">
      <h3 id="throughput-heading" className="font-semibold">
        Throughput
      </h3>
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <Fact label="Rate (last 2 min, smoothed)" testId="rate">
          {rate !== null && watched ? (
            <span className="font-semibold tabular-nums">{formatRate(rate)}</span>
          ) : terminal && lifetime !== null ? (
            <span>
              <span className="font-semibold tabular-nums">{formatRate(lifetime)}</span>
              <span className="text-ink-muted"> on average, created to finished</span>
            </span>
          ) : (
            <span className="text-ink-muted">Measuring…</span>
          )}
        </Fact>
        <Fact label="Estimated time left" testId="eta">
          {etaText}
        </Fact>
        <Fact label="Progress checks since you opened this page" testId="reads">
          <span className="tabular-nums">{samples.length}</span>
        </Fact>
      </dl>
      <div role="status">
        {stall.stalled && stall.since !== null ? (
          <p data-testid="stalled" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm text-warn">
            <span className="font-semibold">Stalled:</span> no progress in the last {stall.polls} reads (
            {formatDuration((samples.at(-1)?.at ?? stall.since) - stall.since)}). Klaviyo may be busy with other jobs of
            this account; the page keeps checking.
          </p>
        ) : null}
      </div>
      {watched ? (
        <ProgressChart samples={samples} total={job.totalCount} zone={zone} />
      ) : terminal ? null : (
        <p className="text-sm text-ink-muted">A chart of completed and failed items appears after the next read.</p>
      )}
    </section>
  );
}
