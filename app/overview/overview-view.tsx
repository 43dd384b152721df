"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useState, useTransition } from "react";
import { ErrorState } from "@/components/error-state";
import { LiveToolbar } from "@/components/live-toolbar";
import { RefreshButton } from "@/components/refresh-button";
import { WindowSelect } from "@/components/run-window-select";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { UpdatedAgo } from "@/components/updated-ago";
import { WhileRefreshing } from "@/components/while-refreshing";
import type { Overview } from "@/lib/overview/answer";
import { type OverviewQuery, overviewPageParsers, overviewSearch } from "@/lib/overview/params";
import { overviewQuery, runningAnywhere } from "@/lib/queries/overview";
import { nextTryAt, pollAfter } from "@/lib/queries/retry-after";
import { RUN_POLL_MS } from "@/lib/queries/runs";
import { useShownError } from "@/lib/queries/use-shown-error";
import { type RunWindowChoice, withTimeZone } from "@/lib/runs/params";
import { AccountSection } from "./account-section";
import { OverviewSkeleton } from "./overview-skeleton";
import { OverviewSummary } from "./overview-summary";

/** Poll while a job runs in some account, and after a failed first read, no sooner than it asked. */
function overviewPollMs(data: Overview | undefined, error: unknown): number | false {
  if (data) return runningAnywhere(data) ? RUN_POLL_MS : false;
  return error ? pollAfter(error, RUN_POLL_MS) : false;
}

export function OverviewView({ query }: { query: OverviewQuery }) {
  const [view, setView] = useQueryStates(overviewPageParsers, { history: "push" });
  // The window selects data: the server page parses and reads it again (and says when it is bad).
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [asked, setAsked] = useState<RunWindowChoice>(query.window);
  const result = useQuery({
    ...overviewQuery(query),
    // A running job's counts move; once everything is final, new runs show on Refresh.
    refetchInterval: (q) => overviewPollMs(q.state.data, q.state.error),
  });
  const { data, isPending, isFetching, refetch, dataUpdatedAt, errorUpdatedAt } = result;
  const error = useShownError(overviewQuery(query).queryKey, result);

  const changeWindow = (window: RunWindowChoice) => {
    setAsked(window);
    const href = withTimeZone(`/overview${overviewSearch({ window })}`, view.tz);
    startTransition(() => router.push(href, { scroll: false }));
  };

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Overview across accounts</h1>
        <p className="text-sm text-ink-muted">
          Every account&apos;s sync runs of the look-back, from the job history as the collector last read it.
        </p>
      </div>

      <LiveToolbar label="Overview" className="flex flex-wrap items-center gap-3">
        <WindowSelect value={pending ? asked : query.window} onChange={changeWindow} />
        <div className="ml-auto flex items-center gap-2">
          <TimeZoneSwitch value={view.tz} onChange={(tz) => setView({ tz })} />
          <RefreshButton onRefresh={() => void refetch()} />
        </div>
      </LiveToolbar>

      <p className="text-xs text-ink-muted" aria-live="polite">
        {dataUpdatedAt ? <UpdatedAgo at={dataUpdatedAt} label="Updated" /> : "Loading"}
        <WhileRefreshing isFetching={isFetching} isPending={isPending}>
          {" "}
          · refreshing…
        </WhileRefreshing>
        {pending ? " · loading the new look-back…" : ""}
      </p>

      {error ? (
        <ErrorState
          error={error}
          onRetry={() => refetch()}
          retrying={isFetching}
          compact={Boolean(data)}
          nextTryAt={nextTryAt(errorUpdatedAt, overviewPollMs(data, error))}
        />
      ) : null}

      {isPending && !error ? (
        <OverviewSkeleton />
      ) : data ? (
        <>
          <OverviewSummary overview={data} />
          <div className="space-y-4">
            {data.accounts.map((account) => (
              <AccountSection
                key={account.name}
                account={account}
                window={data.window}
                gapMinutes={data.gapMinutes}
                tz={view.tz}
              />
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
