"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { ErrorState } from "@/components/error-state";
import { LiveToolbar } from "@/components/live-toolbar";
import { RefreshButton } from "@/components/refresh-button";
import { WindowSelect } from "@/components/run-window-select";
import { SlowNotice } from "@/components/slow-notice";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { UpdatedAgo } from "@/components/updated-ago";
import { WhileRefreshing } from "@/components/while-refreshing";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { nextTryAt, pollAfter } from "@/lib/queries/retry-after";
import { RUN_POLL_MS, recentRunsQuery } from "@/lib/queries/runs";
import { useShownError } from "@/lib/queries/use-shown-error";
import type { RecentRuns } from "@/lib/runs/answers";
import { DEFAULT_GAP_MINUTES, DEFAULT_RUN_WINDOW, type RecentRunsQuery, runsPageParsers } from "@/lib/runs/params";
import { ReadFrom } from "./run-bits";
import { RunCard } from "./run-card";
import { RunsSkeleton } from "./runs-skeleton";
import { GapSelect } from "./runs-toolbar";
import { useRunsNavigation } from "./use-runs-navigation";

/** Poll only while something runs, and after a failed first read, no sooner than it asked. */
function recentPollMs(data: RecentRuns | undefined, error: unknown): number | false {
  if (data) return data.runs.some((r) => r.summary.running > 0) ? RUN_POLL_MS : false;
  return error ? pollAfter(error, RUN_POLL_MS) : false;
}

export function RecentRunsView({ query }: { query: RecentRunsQuery }) {
  const [view, setView] = useQueryStates(runsPageParsers, { history: "push" });
  // A new look-back or gap is parsed and read by the server page: show that it is on its way.
  const navigation = useRunsNavigation(query);
  const result = useQuery({
    ...recentRunsQuery(query),
    // Only while something runs: a finished run never changes, and a new one shows on Refresh. A failed
    // first read (nothing shown) keeps trying too, as the error state says.
    refetchInterval: (query) => recentPollMs(query.state.data, query.state.error),
  });
  const { data, isPending, isFetching, refetch, dataUpdatedAt, errorUpdatedAt } = result;
  const error = useShownError(recentRunsQuery(query).queryKey, result);

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Sync runs</h1>
        <p className="text-sm text-ink-muted">
          A run is every job, of all nine types, created in one burst: jobs less than {query.gapMinutes} min apart.
        </p>
      </div>

      <LiveToolbar label="Runs view" className="flex flex-wrap items-center gap-3">
        <WindowSelect
          value={navigation.shown.window}
          onChange={(w) => navigation.change("window", w === DEFAULT_RUN_WINDOW ? null : w)}
        />
        <GapSelect
          value={navigation.shown.gapMinutes}
          onChange={(g) => navigation.change("gap", g === DEFAULT_GAP_MINUTES ? null : String(g))}
        />
        <div className="ml-auto flex items-center gap-2">
          <TimeZoneSwitch value={view.tz} onChange={(tz) => setView({ tz })} />
          <RefreshButton onRefresh={() => void refetch()} />
        </div>
      </LiveToolbar>

      <p className="text-xs text-ink-muted" aria-live="polite">
        {dataUpdatedAt ? <UpdatedAgo at={dataUpdatedAt} label="Updated" /> : "Loading"}
        {data ? <ReadFrom answer={data} tz={view.tz} /> : null}
        <WhileRefreshing isFetching={isFetching} isPending={isPending}>
          {" "}
          · refreshing…
        </WhileRefreshing>
        {navigation.pending ? " · loading the new selection…" : ""}
      </p>

      {error ? (
        <ErrorState
          error={error}
          onRetry={() => refetch()}
          retrying={isFetching}
          compact={Boolean(data)}
          nextTryAt={nextTryAt(errorUpdatedAt, recentPollMs(data, error))}
        />
      ) : null}
      {data && data.truncated.length > 0 ? (
        <p role="note" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm">
          Too many {data.truncated.map((t) => JOB_TYPE_INFO[t].label.toLowerCase()).join(", ")} jobs to page through:
          the oldest runs may be missing jobs. Choose a shorter look-back.
        </p>
      ) : null}

      {isPending && !error ? (
        <>
          <SlowNotice what="the recent runs" />
          <RunsSkeleton kind="recent" />
        </>
      ) : data ? (
        data.runs.length === 0 ? (
          <div className="rounded-lg border border-line bg-surface p-8 text-center">
            <p className="font-medium">No jobs were created in the last {query.window}.</p>
            <p className="mt-1 text-sm text-ink-muted">
              Runs appear here when your catalog sync sends jobs to Klaviyo.
            </p>
          </div>
        ) : (
          <ol className="space-y-3" aria-label="Recent runs, newest first">
            {data.runs.map((entry) => (
              <li key={entry.summary.from}>
                <RunCard entry={entry} gapMinutes={data.gapMinutes} tz={view.tz} />
              </li>
            ))}
          </ol>
        )
      ) : null}
    </div>
  );
}
