"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { useMemo } from "react";
import { Link } from "@/components/account-link";
import { ErrorState, errorCodeOf } from "@/components/error-state";
import { ExactTime } from "@/components/relative-time";
import { SlowNotice } from "@/components/slow-notice";
import { formatCount } from "@/lib/format";
import { isTerminalStatus, JOB_TYPE_INFO, type JobResource, type JobType } from "@/lib/job-types";
import { type DetailTab, fieldParam, jobDetailParsers, jobListBackHref, resolveTab } from "@/lib/jobs/detail-params";
import { errorRefsOf } from "@/lib/jobs/error-groups";
import { jobDetailQuery } from "@/lib/queries/jobs";
import { nextTryAt, pollAfter } from "@/lib/queries/retry-after";
import { useShownError } from "@/lib/queries/use-shown-error";
import type { JobDetail } from "@/lib/types";
import { DetailSkeleton } from "./detail-skeleton";
import { DetailTabs, type TabSpec } from "./detail-tabs";
import { ErrorsTab } from "./errors-tab";
import { ItemsTab } from "./items-tab";
import { Breadcrumb, JobHeader, type LiveMode } from "./job-header";
import { JobNotFound } from "./job-not-found";
import { JobProgress } from "./job-progress";
import { payloadView } from "./payload-entries";
import { RawJsonTab } from "./raw-json-tab";
import { ThroughputPanel } from "./throughput-panel";
import { useProgressSamples } from "./use-progress-samples";

export const POLL_MS = 5_000;

const RELATED_LABEL: Record<JobResource, string> = { item: "Items", variant: "Variants", category: "Categories" };

/**
 * Poll while the job can still change; never once it is complete or cancelled, or gone (404).
 * When Klaviyo asked us to wait (429 with Retry-After), wait at least that long.
 */
export function pollInterval(query: { state: { data: JobDetail | undefined; error: unknown } }): number | false {
  const { data, error } = query.state;
  if (error && errorCodeOf(error) === "not_found") return false;
  if (data && isTerminalStatus(data.job.status)) return false;
  return pollAfter(error, POLL_MS);
}

export function JobDetailView({ type, id }: { type: JobType; id: string }) {
  const [view, setView] = useQueryStates(jobDetailParsers, { history: "push" });
  const result = useQuery({
    ...jobDetailQuery(type, id),
    refetchInterval: pollInterval,
  });
  const { data, isPending, isFetching, refetch, dataUpdatedAt, errorUpdatedAt } = result;
  const error = useShownError(jobDetailQuery(type, id).queryKey, result);
  const samples = useProgressSamples(data);
  const job = data?.job;
  const refs = useMemo(() => (job ? errorRefsOf(job) : []), [job]);
  const payload = useMemo(() => (data ? payloadView(data.job, data.included, refs) : null), [data, refs]);

  if (!data || !job || !payload) {
    if (isPending && !error)
      return (
        <>
          <SlowNotice what="this job" />
          <DetailSkeleton />
        </>
      );
    if (errorCodeOf(error) === "not_found") return <JobNotFound />;
    return (
      <div className="space-y-4">
        <Breadcrumb type={type} id={id} tz={view.tz} back={view.back} />
        <h1 className="text-xl font-semibold">
          {JOB_TYPE_INFO[type].label} job <span className="font-mono text-lg break-all">{id}</span>
        </h1>
        <ErrorState
          error={error}
          onRetry={() => refetch()}
          retrying={isFetching}
          nextTryAt={nextTryAt(errorUpdatedAt, pollInterval({ state: { data, error } }))}
        />
      </div>
    );
  }

  const gone = errorCodeOf(error) === "not_found";
  const live: LiveMode = gone ? "gone" : isTerminalStatus(job.status) ? "final" : "live";
  const tab = resolveTab(view.tab, { failedCount: job.failedCount, errorCount: refs.length });
  const tabs: TabSpec[] = [
    { id: "errors", label: "Errors", badge: formatCount(refs.length) },
    { id: "items", label: RELATED_LABEL[JOB_TYPE_INFO[type].resource], badge: formatCount(job.relatedIds.length) },
    { id: "raw", label: "Raw JSON" },
  ];
  // The error group and filter belong to the errors tab: another tab's URL does not carry them.
  const openTab = (next: DetailTab) =>
    setView(next === "errors" ? { tab: next } : { tab: next, code: null, field: null, q: null });

  return (
    <div className="space-y-6">
      <JobHeader
        job={job}
        live={live}
        updatedAt={dataUpdatedAt}
        fetching={{ isFetching, isPending }}
        onRefresh={() => refetch()}
        tz={view.tz}
        onTzChange={(tz) => setView({ tz }, { history: "replace" })}
        back={view.back}
      />

      {data.kept ? (
        <div data-testid="kept-notice" className="rounded-lg border border-line bg-surface-muted p-4 text-sm">
          <p className="font-semibold">
            Kept after Klaviyo deleted it on <ExactTime iso={data.kept.goneAt} tz={view.tz} />
          </p>
          <p className="mt-1 text-ink-muted">
            Klaviyo keeps a job only until it expires. This is the dashboard&apos;s copy, last read from Klaviyo on{" "}
            <ExactTime iso={data.kept.observedAt} tz={view.tz} />, with its errors and items as they were then.
          </p>
        </div>
      ) : null}

      {gone ? (
        <div role="alert" className="rounded-lg border border-danger bg-danger-soft p-4 text-sm">
          <p className="font-semibold text-danger">This job is no longer at Klaviyo</p>
          <p className="mt-1">
            It expired or was removed while this page was open. What you see is the last copy read; export anything you
            still need now.{" "}
            <Link href={jobListBackHref(type, view.back, view.tz)} className="text-accent underline underline-offset-2">
              Back to {JOB_TYPE_INFO[type].label.toLowerCase()} jobs
            </Link>
          </p>
        </div>
      ) : error ? (
        <ErrorState error={error} onRetry={() => refetch()} retrying={isFetching} compact />
      ) : null}

      <section aria-labelledby="progress-heading" className="space-y-4">
        <h2 id="progress-heading" className="sr-only">
          Progress
        </h2>
        <JobProgress job={job} />
        <ThroughputPanel job={job} samples={samples} receivedAt={dataUpdatedAt} tz={view.tz} />
      </section>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading" className="sr-only">
          Errors, items and raw data
        </h2>
        <DetailTabs tabs={tabs} active={tab} onChange={openTab} label="Job details">
          {(current) =>
            current === "errors" ? (
              <ErrorsTab
                job={job}
                refs={refs}
                payload={payload}
                view={view}
                onSelectGroup={(group) => setView({ tab: "errors", code: group.code, field: fieldParam(group.field) })}
                onClearGroup={() => setView({ code: null, field: null })}
                onSearchChange={(search) => setView({ q: search || null }, { history: "replace" })}
              />
            ) : current === "items" ? (
              <ItemsTab job={job} payload={payload} view={{ tz: view.tz, back: view.back }} />
            ) : (
              <RawJsonTab detail={data} />
            )
          }
        </DetailTabs>
      </section>
    </div>
  );
}
