"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { memo, useCallback } from "react";
import { Link } from "@/components/account-link";
import { DayTrendsLink } from "@/components/day-trends-link";
import { ErrorState } from "@/components/error-state";
import { KeepButton } from "@/components/keep-button";
import { LiveToolbar } from "@/components/live-toolbar";
import { PendingHint } from "@/components/pending-hint";
import { ProgressBar } from "@/components/progress-bar";
import { RefreshButton } from "@/components/refresh-button";
import { RunSpan } from "@/components/run-span";
import { SlowNotice } from "@/components/slow-notice";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { UpdatedAgo } from "@/components/updated-ago";
import { WatchButton } from "@/components/watch-button";
import { WhileRefreshing } from "@/components/while-refreshing";
import { JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import type { ListColumn } from "@/lib/jobs/list-params";
import { nextTryAt, pollAfter } from "@/lib/queries/retry-after";
import { RUN_POLL_MS, runDetailQuery, runKeepUrl, runningOf } from "@/lib/queries/runs";
import { useShownError } from "@/lib/queries/use-shown-error";
import type { RunDetail } from "@/lib/runs/answers";
import { compareHref } from "@/lib/runs/compare-params";
import {
  DEFAULT_GAP_MINUTES,
  type RunJobFilter,
  type RunQuery,
  runsListHref,
  runsPageParsers,
} from "@/lib/runs/params";
import { CapacityGauge } from "./capacity-gauge";
import { ReadFrom, RunStateBadge } from "./run-bits";
import { RunCharts as RunChartsOf } from "./run-charts";
import { RunEdges } from "./run-edges";
import { RunErrors as RunErrorsOf } from "./run-errors";
import { RunJobs as RunJobsOf } from "./run-jobs";
import { RunStats } from "./run-stats";
import { RunsSkeleton } from "./runs-skeleton";
import { GapSelect } from "./runs-toolbar";
import { TypeStatusTable as TypeStatusTableOf } from "./type-status";
import { useRunsNavigation } from "./use-runs-navigation";

// The page's large parts depend on the run's data only: memoised, they do not render again when the
// view does for its own state (fetching flags, a pending navigation, what happens right after
// hydration), and the tables' hundreds of cells stay out of those renders.
const RunCharts = memo(RunChartsOf);
const RunErrors = memo(RunErrorsOf);
const RunJobs = memo(RunJobsOf);
const TypeStatusTable = memo(TypeStatusTableOf);

/** Poll while jobs of the run (or its continuation) run, and after a failed first read, no sooner than it asked. */
function runPollMs(data: RunDetail | undefined, error: unknown): number | false {
  if (data) return runningOf(data) > 0 ? RUN_POLL_MS : false;
  return error ? pollAfter(error, RUN_POLL_MS) : false;
}

export function RunView({ query }: { query: RunQuery }) {
  const [view, setView] = useQueryStates(runsPageParsers, { history: "push" });
  // A new gap is parsed and read by the server page: show that it is on its way.
  const navigation = useRunsNavigation(query);
  const result = useQuery({
    ...runDetailQuery(query),
    // Running jobs of the run or of its continuation keep the page polling, and so does a failed first
    // read (nothing shown), as the error state says; nothing else does.
    refetchInterval: (query) => runPollMs(query.state.data, query.state.error),
  });
  const { data, isPending, isFetching, refetch, dataUpdatedAt, errorUpdatedAt } = result;
  const error = useShownError(runDetailQuery(query).queryKey, result);
  const summary = data?.summary ?? null;
  const onTypeChange = useCallback((type: JobType | null) => void setView({ type }), [setView]);
  const onFilterChange = useCallback((jobs: RunJobFilter | null) => void setView({ jobs }), [setView]);
  const onSortChange = useCallback(
    (sort: ListColumn | null, dir: "asc" | "desc") => void setView({ sort, dir }),
    [setView],
  );

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="flex flex-wrap gap-x-4 text-sm">
        <Link href={runsListHref(view.tz)} className="text-accent underline-offset-2 hover:underline">
          ← Sync runs
          <PendingHint />
        </Link>
        <DayTrendsLink at={query.from} tz={view.tz} className="text-accent underline-offset-2 hover:underline" />
      </nav>

      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">
            Sync run{" "}
            <span className="font-normal text-ink-muted">
              <RunSpan from={new Date(query.from).toISOString()} to={new Date(query.to).toISOString()} tz={view.tz} />
            </span>
          </h1>
          {summary ? <RunStateBadge running={summary.running} /> : null}
        </div>
        <LiveToolbar label="Run view" className="flex flex-wrap items-center gap-3">
          <GapSelect
            value={navigation.shown.gapMinutes}
            onChange={(g) => navigation.change("gap", g === DEFAULT_GAP_MINUTES ? null : String(g))}
          />
          <TimeZoneSwitch value={view.tz} onChange={(tz) => setView({ tz })} />
          <RefreshButton onRefresh={() => void refetch()} />
          <KeepButton url={runKeepUrl(query)} what="run" />
          <Link
            href={compareHref(query, null, query.gapMinutes, view.tz)}
            // Finding the run before is a query of the history: only when asked for.
            prefetch={false}
            className="text-sm text-accent underline-offset-2 hover:underline"
            data-testid="compare-previous"
          >
            Compare with the run before
            <PendingHint />
          </Link>
          <WatchButton
            target={{ run: { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() } }}
            what="run"
          />
        </LiveToolbar>
        <p className="text-xs text-ink-muted" aria-live="polite">
          {dataUpdatedAt ? <UpdatedAgo at={dataUpdatedAt} label="Updated" /> : "Loading"}
          {data ? <ReadFrom answer={data} tz={view.tz} /> : null}
          {data
            ? runningOf(data) > 0
              ? ` · refreshing every ${RUN_POLL_MS / 1000} s while jobs run`
              : " · nothing running, not refreshing"
            : ""}
          <WhileRefreshing isFetching={isFetching} isPending={isPending}>
            {" "}
            · refreshing…
          </WhileRefreshing>
          {navigation.pending ? " · regrouping…" : ""}
        </p>
      </div>

      {error ? (
        <ErrorState
          error={error}
          onRetry={() => refetch()}
          retrying={isFetching}
          compact={Boolean(data)}
          nextTryAt={nextTryAt(errorUpdatedAt, runPollMs(data, error))}
        />
      ) : null}
      {isPending && !error ? (
        <>
          <SlowNotice what="this run's jobs" />
          <RunsSkeleton kind="run" />
        </>
      ) : null}

      {data ? (
        <>
          <RunEdges detail={data} tz={view.tz} />
          {data.truncated.length > 0 ? (
            <p role="note" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm">
              This run is far back: the dashboard stopped paging{" "}
              {data.truncated.map((t) => JOB_TYPE_INFO[t].label.toLowerCase()).join(", ")} jobs before reaching it, so
              those may be missing.
            </p>
          ) : null}
          {summary ? (
            <>
              <section aria-labelledby="run-progress" className="space-y-3">
                <h2 id="run-progress" className="text-lg font-semibold">
                  Progress
                </h2>
                <div className="flex flex-col gap-4 md:flex-row md:items-start">
                  <div className="flex-1 space-y-3 rounded-lg border border-line bg-surface p-4">
                    <ProgressBar
                      size="lg"
                      label="Progress of the whole run"
                      counts={{
                        total: summary.operations.total,
                        completed: summary.operations.completed,
                        failed: summary.operations.failed,
                      }}
                    />
                    <RunStats summary={summary} />
                  </div>
                  <CapacityGauge inProgress={summary.inProgress} />
                </div>
              </section>

              <section aria-labelledby="run-time" className="space-y-3">
                <h2 id="run-time" className="text-lg font-semibold">
                  Over time
                </h2>
                <RunCharts jobs={data.jobs} tz={view.tz} />
              </section>

              <section aria-labelledby="run-errors" className="space-y-3">
                <h2 id="run-errors" className="text-lg font-semibold">
                  Errors
                </h2>
                <RunErrors errors={data.errors} summary={summary} query={query} tz={view.tz} />
              </section>

              <section aria-labelledby="run-jobs" className="space-y-3">
                <h2 id="run-jobs" className="text-lg font-semibold">
                  Jobs
                </h2>
                <TypeStatusTable summary={summary} />
                <RunJobs
                  jobs={data.jobs}
                  view={view}
                  type={view.type}
                  onTypeChange={onTypeChange}
                  filter={view.jobs}
                  onFilterChange={onFilterChange}
                  onSortChange={onSortChange}
                />
              </section>
            </>
          ) : (
            <div className="rounded-lg border border-line bg-surface p-8 text-center" data-testid="run-empty">
              <p className="font-medium">No job was created in this window.</p>
              <p className="mt-1 text-sm text-ink-muted">
                Klaviyo drops jobs once they expire, so an old run link can come back empty.{" "}
                <Link href={runsListHref(view.tz)} className="text-accent underline">
                  See recent runs
                </Link>
              </p>
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}
