"use client";

import { Link } from "@/components/account-link";
import { useNow } from "@/components/clock";
import { CopyButton } from "@/components/copy-button";
import { KeepButton } from "@/components/keep-button";
import { ExactTime, RelativeTime } from "@/components/relative-time";
import { StatusBadge } from "@/components/status-badge";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { WatchButton } from "@/components/watch-button";
import { WhileRefreshing } from "@/components/while-refreshing";
import { formatDuration, formatRelative } from "@/lib/format";
import { isTerminalStatus, JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { jobListBackHref } from "@/lib/jobs/detail-params";
import { serializeJobListParams } from "@/lib/jobs/list-params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { Job } from "@/lib/types";
import { ExpiryCountdown } from "./expiry-countdown";

export type LiveMode = "live" | "final" | "gone";

const LIVE_TEXT: Record<LiveMode, string> = {
  live: "Live: checks Klaviyo every 5 s while this tab is visible",
  final: "Final: Klaviyo will not change this job again, so the page no longer checks",
  gone: "No longer at Klaviyo: showing the last copy read",
};

/** `back`: the job list view the page was opened from (the URL's `back`), or null for the list of the job's type. */
export function Breadcrumb({
  type,
  id,
  tz,
  back,
}: {
  type: JobType;
  id: string;
  tz: TimeZoneChoice;
  back: string | null;
}) {
  const crumb = "after:mx-1.5 after:text-ink-muted after:content-['/']";
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex flex-wrap items-center text-sm text-ink-muted">
        <li className={crumb}>
          <Link
            href={serializeJobListParams("/jobs", { tz })}
            className={`hover:text-ink hover:underline ${focusRing}`}
          >
            Jobs
          </Link>
        </li>
        <li className={crumb}>
          <Link href={jobListBackHref(type, back, tz)} className={`hover:text-ink hover:underline ${focusRing}`}>
            {back && new URLSearchParams(back).get("type") === "all"
              ? "All job types"
              : `${JOB_TYPE_INFO[type].label} jobs`}
          </Link>
        </li>
        <li aria-current="page" className="font-mono text-xs break-all text-ink">
          {id}
        </li>
      </ol>
    </nav>
  );
}

function durationText(job: Job, now: number): string {
  const start = Date.parse(job.createdAt);
  if (job.completedAt) return `took ${formatDuration(Date.parse(job.completedAt) - start)}`;
  if (job.status === "cancelled") return "cancelled";
  // Klaviyo has not started it: no duration yet, but how long it has waited is worth saying.
  if (job.status === "queued") return `not started (queued ${formatDuration(now - start)})`;
  return `${formatDuration(now - start)} so far`;
}

export function JobHeader({
  job,
  live,
  updatedAt,
  fetching,
  onRefresh,
  tz,
  onTzChange,
  back,
}: {
  job: Job;
  live: LiveMode;
  /** when the browser last got the job (ms), 0 when unknown */
  updatedAt: number;
  /** the query's state: "refreshing…" shows while it asks again */
  fetching: { isFetching: boolean; isPending: boolean };
  onRefresh: () => void;
  /** the zone of exact times (the URL's `tz`) */
  tz: TimeZoneChoice;
  onTzChange: (tz: TimeZoneChoice) => void;
  /** the list view to lead back to (the URL's `back`) */
  back: string | null;
}) {
  const now = useNow();
  const label = JOB_TYPE_INFO[job.type].label;
  return (
    <header className="space-y-4">
      <Breadcrumb type={job.type} id={job.id} tz={tz} back={back} />
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold">
          {label} job <span className="font-mono text-lg break-all">{job.id}</span>
        </h1>
        <CopyButton value={job.id} label={`Copy job id ${job.id}`} />
        <StatusBadge status={job.status} failed={job.failedCount} />
        <KeepButton url={`/api/jobs/${job.type}/${encodeURIComponent(job.id)}/keep`} what="job" />
        {isTerminalStatus(job.status) ? null : (
          <WatchButton target={{ job: { type: job.type, id: job.id } }} what="job" />
        )}
        {/* Announces status changes (processing → complete) to screen readers as polling brings them. */}
        <span role="status" className="sr-only">
          Status: {job.status}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-ink-muted">
        <span data-testid="live-state" data-live={live} className="inline-flex items-center gap-1.5">
          <span
            aria-hidden
            className={`h-2 w-2 rounded-full ${live === "live" ? "animate-pulse bg-status-processing motion-reduce:animate-none" : live === "gone" ? "bg-danger" : "bg-status-complete"}`}
          />
          {LIVE_TEXT[live]}
        </span>
        {/* Clamped: the server's render clock can be a moment behind the read it just made. */}
        {updatedAt ? <span>· read {formatRelative(new Date(Math.min(updatedAt, now)).toISOString(), now)}</span> : null}
        <WhileRefreshing {...fetching}>
          <span>· refreshing…</span>
        </WhileRefreshing>
        {live === "live" ? (
          <Button size="custom" onClick={onRefresh} className="px-2 py-0.5 text-xs font-medium text-ink">
            Refresh now
          </Button>
        ) : null}
        <span className="ml-auto">
          <TimeZoneSwitch value={tz} onChange={onTzChange} />
        </span>
      </div>
      <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-line bg-surface p-4 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-xs tracking-wide text-ink-muted uppercase">Created</dt>
          <dd className="mt-0.5 flex flex-col">
            <RelativeTime iso={job.createdAt} tz={tz} />
            <span className="text-ink-muted">
              <ExactTime iso={job.createdAt} tz={tz} />
            </span>
          </dd>
        </div>
        <div>
          <dt className="text-xs tracking-wide text-ink-muted uppercase">
            {job.status === "cancelled" ? "Ended" : "Completed"}
          </dt>
          <dd className="mt-0.5 flex flex-col">
            {job.completedAt ? (
              <>
                <RelativeTime iso={job.completedAt} tz={tz} />
                <span className="text-ink-muted">
                  <ExactTime iso={job.completedAt} tz={tz} />
                </span>
              </>
            ) : (
              <span className="text-ink-muted">Not yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs tracking-wide text-ink-muted uppercase">Duration</dt>
          <dd className="mt-0.5 tabular-nums">{durationText(job, now)}</dd>
        </div>
        <div>
          <dt className="text-xs tracking-wide text-ink-muted uppercase">Expires</dt>
          <dd className="mt-0.5">
            <ExpiryCountdown expiresAt={job.expiresAt} tz={tz} />
          </dd>
        </div>
      </dl>
    </header>
  );
}
