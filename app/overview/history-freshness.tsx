"use client";

import { ExactTime, RelativeTime } from "@/components/relative-time";
import type { NoHistoryReason, OverviewHistory } from "@/lib/overview/answer";
import type { RunWindowChoice } from "@/lib/runs/params";
import type { TimeZoneChoice } from "@/lib/time-zone";

/** How fresh an account's figures are: the collector's last pass for it, and since when it keeps jobs. */
export function HistoryFreshness({
  history,
  tz,
}: {
  history: Extract<OverviewHistory, { state: "covered" }>;
  tz: TimeZoneChoice;
}) {
  return (
    <p className="text-xs text-ink-muted" data-testid="history-freshness">
      From the job history, as collected <RelativeTime iso={history.asOf} tz={tz} /> (
      <ExactTime iso={history.asOf} tz={tz} />) · kept since <ExactTime iso={history.since} tz={tz} />
    </p>
  );
}

const WHY: Record<NoHistoryReason, string> = {
  "store-down": "The job history is not answering, so this account's runs cannot be told here.",
  "not-collected": "The collector has not read this account yet, so the job history holds none of its runs.",
  stale: "The collector has not read this account lately, so its runs here could be out of date.",
  "starts-later": "The job history starts inside this look-back, so runs before it would be missing.",
};

/** Said instead of figures when the history cannot speak for the whole window: never a quiet zero. */
export function NoHistory({
  history,
  window,
  tz,
}: {
  history: Extract<OverviewHistory, { state: "none" }>;
  window: RunWindowChoice;
  tz: TimeZoneChoice;
}) {
  return (
    <div role="note" data-testid="no-history" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm">
      <p>
        <strong className="font-semibold">No current job history for the last {window}.</strong> {WHY[history.reason]}
      </p>
      {history.lastPass || history.since ? (
        <p className="mt-1 text-xs">
          {history.lastPass ? (
            <>
              Last collected <RelativeTime iso={history.lastPass} tz={tz} />
            </>
          ) : null}
          {history.lastPass && history.since ? " · " : null}
          {history.since ? (
            <>
              kept since <ExactTime iso={history.since} tz={tz} />
            </>
          ) : null}
        </p>
      ) : null}
      <p className="mt-1 text-xs">Open the account&apos;s runs to read them from Klaviyo.</p>
    </div>
  );
}
