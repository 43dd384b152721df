"use client";

import { useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { ErrorState } from "@/components/error-state";
import { LiveToolbar } from "@/components/live-toolbar";
import { RefreshButton } from "@/components/refresh-button";
import { TimeZoneSwitch } from "@/components/time-zone-switch";
import { TableSkeleton } from "@/components/ui/skeleton";
import { UpdatedAgo } from "@/components/updated-ago";
import { STATUS_POLL_MS, statusQuery } from "@/lib/queries/status";
import { timeZoneParser } from "@/lib/time-zone";
import { CallsChart } from "./calls-chart";
import { EndpointTable } from "./endpoint-table";
import { Services } from "./services";

export function StatusView() {
  const [{ tz }, setView] = useQueryStates({ tz: timeZoneParser }, { history: "replace" });
  const { data, error, refetch, dataUpdatedAt } = useQuery({
    ...statusQuery(),
    refetchInterval: STATUS_POLL_MS,
  });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Status</h1>
        <p className="text-sm text-ink-muted">
          This dashboard instance: its calls to Klaviyo, jobs in progress, and the services it depends on.
        </p>
      </div>

      <LiveToolbar label="Status view" className="flex flex-wrap items-center gap-3">
        <p className="text-xs text-ink-muted">
          {dataUpdatedAt ? <UpdatedAgo at={dataUpdatedAt} label="Updated" testId="status-updated" /> : "Loading"}
          {" · refreshes every 5 s"}
        </p>
        <div className="ml-auto flex items-center gap-2">
          <TimeZoneSwitch value={tz} onChange={(value) => setView({ tz: value === "local" ? null : value })} />
          <RefreshButton onRefresh={() => void refetch()} />
        </div>
      </LiveToolbar>

      {error ? <ErrorState error={error} compact={data !== undefined} onRetry={() => refetch()} /> : null}

      {data ? (
        <>
          <Services report={data} tz={tz} />
          <section aria-labelledby="calls-heading" className="space-y-3">
            <div>
              <h2 id="calls-heading" className="text-lg font-semibold">
                Calls to Klaviyo
              </h2>
              <p className="text-sm text-ink-muted">
                Counted by this instance since it started. The dashboard spends at most{" "}
                {Math.round(data.shares.dashboard * 100)}% of each endpoint&apos;s limit, background work (the
                collector, whole-run exports) at most {Math.round(data.shares.collector * 100)}%. Klaviyo counts every
                caller with this key, so other integrations spend the same limit.
              </p>
            </div>
            <CallsChart minutes={data.minutes} tz={tz} />
            <EndpointTable endpoints={data.endpoints} tz={tz} />
          </section>
        </>
      ) : error ? null : (
        <TableSkeleton rows={6} label="Loading the status" />
      )}
    </div>
  );
}
