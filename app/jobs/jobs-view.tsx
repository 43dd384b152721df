"use client";

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useQueryStates } from "nuqs";
import { useEffect, useState } from "react";
import { ErrorState } from "@/components/error-state";
import { FIND_BOX_ID } from "@/components/find-job";
import { COLUMN_LABELS } from "@/components/job-table/columns";
import { JobsTable } from "@/components/job-table/job-table";
import { KeyboardShortcuts } from "@/components/keyboard-shortcuts";
import { RefreshButton } from "@/components/refresh-button";
import { ExactTime, RelativeTime } from "@/components/relative-time";
import { SlowNotice } from "@/components/slow-notice";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { TableSkeleton } from "@/components/ui/skeleton";
import { UpdatedAgo } from "@/components/updated-ago";
import { WhenVisible } from "@/components/when-visible";
import { WhileRefreshing } from "@/components/while-refreshing";
import { isJobType, isTerminalStatus, JOB_TYPE_INFO } from "@/lib/job-types";
import { listQueryForBack } from "@/lib/jobs/detail-params";
import { HISTORY_ORDER_LABELS, hasHistoryFilter, historyFilterCount } from "@/lib/jobs/history-filter";
import { jobListParsers, jobListTitle, listQueryFrom, readsHistory } from "@/lib/jobs/list-params";
import { pageTitle } from "@/lib/page-title";
import { jobKeys, jobListQuery } from "@/lib/queries/jobs";
import { nextTryAt, pollAfter } from "@/lib/queries/retry-after";
import { useShownError } from "@/lib/queries/use-shown-error";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { HistoryJobPage, JobListPage } from "@/lib/types";
import { HistoryFilters } from "./history-filters";
import { ColumnChooser, RefreshSelect, StatusTabs, TypeSelect } from "./jobs-toolbar";
import { ListExport } from "./list-export";
import { Pagination } from "./pagination";

const JobCharts = dynamic(() => import("./job-charts"), {
  ssr: false,
  loading: () => <div className="h-[236px] rounded-lg border border-line bg-surface" aria-hidden />,
});

/**
 * A page of 60 rows or more renders those near the viewport only: the first row paints sooner, and a
 * page of 100 holds 41 % of the elements. (Find by id reaches any job, whether its row is rendered.)
 */
const LIST_VIRTUAL_FROM = 60;

/** The link of the row at `index` in table order, once it is rendered (a few frames at most). */
function focusRowLink(index: number, frames = 10) {
  const rows = document.querySelectorAll<HTMLElement>("[data-testid=job-row]");
  // Rows rendered on demand carry their index; the others are all there, in order.
  const row =
    rows[0]?.dataset.index === undefined
      ? rows[index]
      : document.querySelector(`[data-testid=job-row][data-index="${index}"]`);
  const link = row?.querySelector<HTMLAnchorElement>("a[data-row-link]");
  if (link) link.focus();
  else if (frames > 0) requestAnimationFrame(() => focusRowLink(index, frames - 1));
}

/** Where a list of every type comes from, and how fresh it is: the collector's last pass over Klaviyo. */
function HistoryNote({ history, tz }: { history: HistoryJobPage["history"]; tz: TimeZoneChoice }) {
  return (
    <span data-testid="history-note">
      read from the job history
      {history.asOf ? (
        <>
          {" as of the collector's last pass, "}
          <RelativeTime iso={history.asOf} tz={tz} />
        </>
      ) : (
        ", before the collector's first pass"
      )}
      {history.since ? (
        <>
          {" "}
          · kept since <ExactTime iso={history.since} tz={tz} />
        </>
      ) : null}
    </span>
  );
}

/** Why jobs on screen left a live view filtered by a status that jobs leave. */
function leftWords(status: "queued" | "processing"): string {
  return status === "processing" ? "finished and left this view." : "left the queue and this view.";
}

export function JobsView() {
  const [view, setView] = useQueryStates(jobListParsers, { history: "push" });
  const query = listQueryFrom(view);
  // Jobs leave a queued or processing view as they move on; finished ones stay finished.
  const leaving = view.status === "queued" || view.status === "processing" ? view.status : null;
  const isFirstPage = !query.cursor;
  const [activeRow, setActiveRow] = useState(-1);

  function pollMs(page: JobListPage | undefined, failure: unknown): number | false {
    if (view.refresh === 0) return false;
    // No rows yet (the first read failed): keep trying on any page, as the error state says, and no
    // sooner than Klaviyo (or the dashboard's share of its budget) allows.
    if (!page) return pollAfter(failure, view.refresh * 1000);
    const running = page.jobs.some((j) => !isTerminalStatus(j.status));
    return isFirstPage || running ? view.refresh * 1000 : false;
  }
  const result = useQuery({
    ...jobListQuery(query),
    // Poll the newest page (new jobs arrive there) and any page with running jobs; never a page of
    // finished jobs. React Query pauses the interval while the tab is hidden.
    refetchInterval: (query) => pollMs(query.state.data, query.state.error),
    refetchIntervalInBackground: false,
  });
  const { data, isPending, isFetching, refetch, dataUpdatedAt, errorUpdatedAt } = result;
  const error = useShownError(jobListQuery(query).queryKey, result);
  // "all": every type, read from the job history (a Type column says each row's own).
  const allTypes = !isJobType(view.type);
  const label = isJobType(view.type) ? `${JOB_TYPE_INFO[view.type].label.toLowerCase()} ` : "";
  // Several types, or a filter Klaviyo lacks: the list is read from the job history.
  const fromHistory = readsHistory(query);
  const filtered = hasHistoryFilter(query);
  // The server titles the first load; a type or status chosen here changes the URL only, so the tab too.
  useEffect(() => {
    document.title = pageTitle(jobListTitle(view.type, view.status));
  }, [view.type, view.status]);

  const rows = data?.jobs ?? [];
  const moveRow = (delta: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, activeRow + delta));
    setActiveRow(next);
    focusRowLink(next);
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">Catalog bulk jobs</h1>
          <p className="text-sm text-ink-muted" aria-live="polite">
            {jobListTitle(view.type, view.status)} ·{" "}
            {data && "history" in data ? (
              <HistoryNote history={data.history} tz={view.tz} />
            ) : dataUpdatedAt ? (
              <UpdatedAgo at={dataUpdatedAt} testId="updated-ago" />
            ) : (
              "loading"
            )}
            <WhileRefreshing isFetching={isFetching} isPending={isPending}>
              {" "}
              · refreshing…
            </WhileRefreshing>
          </p>
        </div>
      </div>

      <div role="toolbar" aria-label="Job list view" className="flex flex-wrap items-center gap-3">
        <TypeSelect value={view.type} onChange={(type) => setView({ type, cursor: null })} />
        <StatusTabs value={view.status} onChange={(status) => setView({ status, cursor: null })} />
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <RefreshSelect value={view.refresh} onChange={(refresh) => setView({ refresh })} />
          <TimeZoneSwitch value={view.tz} onChange={(tz) => setView({ tz })} />
          <ColumnChooser hidden={view.hide} onChange={(hide) => setView({ hide })} />
          <RefreshButton onRefresh={() => void refetch()} />
          {fromHistory ? <ListExport query={query} /> : null}
          <KeyboardShortcuts
            shortcuts={[
              {
                key: "/",
                description: "Find a job, a SKU or an error",
                run: () => document.getElementById(FIND_BOX_ID)?.focus(),
              },
              { key: "r", description: "Refresh now", run: () => void refetch() },
              { key: "j", description: "Next row", run: () => moveRow(1) },
              { key: "k", description: "Previous row", run: () => moveRow(-1) },
            ]}
          />
        </div>
      </div>

      <HistoryFilters
        view={view}
        active={historyFilterCount(query)}
        onChange={(change) => setView({ ...change, cursor: null, sort: null })}
      />

      {data && "history" in data && data.note ? (
        <p role="status" className="rounded-md border border-line bg-surface-muted px-3 py-2 text-sm">
          {data.note}
        </p>
      ) : null}

      {error ? (
        <ErrorState
          error={error}
          onRetry={() => refetch()}
          retrying={isFetching}
          compact={Boolean(data)}
          retriesOnItsOwn={view.refresh !== 0}
          nextTryAt={data ? null : nextTryAt(errorUpdatedAt, pollMs(data, error))}
        />
      ) : null}

      {isPending && !error ? (
        <>
          <SlowNotice what="the jobs" />
          <TableSkeleton />
        </>
      ) : data ? (
        <>
          <JobsTable
            key={jobKeys.list(query).join("|")}
            jobs={data.jobs}
            virtualFrom={LIST_VIRTUAL_FROM}
            newJobs="count"
            view={{ ...view, back: listQueryForBack(view), withType: allTypes }}
            activeRow={activeRow}
            onSortChange={(sort, dir) => setView({ sort, dir })}
            footer={(shown) => (
              <Pagination
                rowCount={shown}
                isFirstPage={isFirstPage}
                resultOrder={"history" in data ? HISTORY_ORDER_LABELS[data.order] : null}
                sortedBy={view.sort ? { label: COLUMN_LABELS[view.sort], dir: view.dir } : null}
                hasPrev={Boolean(data.prevCursor) && !isFirstPage}
                hasNext={Boolean(data.nextCursor)}
                onFirst={() => setView({ cursor: null })}
                onPrev={() => setView({ cursor: data.prevCursor })}
                onNext={() => setView({ cursor: data.nextCursor })}
              />
            )}
            leftNotice={
              leaving ? (count) => `${count} ${count === 1 ? "job" : "jobs"} ${leftWords(leaving)}` : undefined
            }
            empty={
              <div className="p-8 text-center">
                <p className="font-medium">
                  No {view.status ? `${view.status} ` : ""}
                  {label}jobs{fromHistory ? ` in the job history${filtered ? " that match these filters" : ""}` : ""}
                  {query.cursor ? " on this page" : ""}.
                </p>
                {view.status || query.cursor || filtered ? (
                  <button
                    type="button"
                    className="mt-2 text-sm text-accent underline"
                    onClick={() =>
                      setView({
                        status: null,
                        cursor: null,
                        from: null,
                        to: null,
                        failed: null,
                        rate: null,
                        order: null,
                      })
                    }
                  >
                    Show all {label}jobs
                  </button>
                ) : (
                  <p className="mt-1 text-sm text-ink-muted">
                    Jobs appear here when your catalog sync sends them to Klaviyo.
                  </p>
                )}
              </div>
            }
          />
          {data.jobs.length > 0 ? (
            <section aria-label="Charts of this page" data-testid="job-charts">
              <WhenVisible minHeight={236}>
                <JobCharts jobs={data.jobs} tz={view.tz} />
              </WhenVisible>
            </section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
