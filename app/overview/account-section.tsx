"use client";

import { Link } from "@/components/account-link";
import { UpstreamBadge } from "@/components/upstream-badge";
import type { OverviewAccount } from "@/lib/overview/answer";
import { type RunWindowChoice, runsSearch, withTimeZone } from "@/lib/runs/params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { AccountRunsTable } from "./account-runs-table";
import { AccountTotals } from "./account-totals";
import { HistoryFreshness, NoHistory } from "./history-freshness";

/** The anchor of an account's section, for the summary's links. */
export const sectionId = (name: string) => `account-${name}`;

/** One account's runs of the window: its name (to its runs page), totals, freshness, and each run. */
export function AccountSection({
  account,
  window,
  gapMinutes,
  tz,
}: {
  account: OverviewAccount;
  window: RunWindowChoice;
  gapMinutes: number;
  tz: TimeZoneChoice;
}) {
  const { totals } = account;
  const failed = (totals?.failed ?? 0) > 0;
  const runsHref = withTimeZone(`${account.prefix}/runs${runsSearch({ kind: "recent", window, gapMinutes })}`, tz);
  return (
    <section
      id={sectionId(account.name)}
      aria-labelledby={`${sectionId(account.name)}-name`}
      data-testid="overview-account"
      data-account={account.name}
      data-runs={totals?.runs ?? ""}
      data-failed={totals?.failed ?? ""}
      className={`scroll-mt-4 space-y-3 rounded-lg border bg-surface p-4 ${failed ? "border-status-failed border-l-4" : "border-line"}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 id={`${sectionId(account.name)}-name`} className="text-lg font-semibold">
          <Link href={runsHref} className="text-accent underline-offset-2 hover:underline" data-testid="account-link">
            {account.name}
          </Link>
        </h2>
        {failed ? (
          <span className="rounded-full border border-status-failed bg-danger-soft px-2 py-0.5 text-xs font-semibold text-status-failed">
            Failures
          </span>
        ) : null}
        <UpstreamBadge upstream={account.upstream} />
      </div>
      {account.history.state === "covered" && totals ? (
        <>
          <AccountTotals totals={totals} />
          <HistoryFreshness history={account.history} tz={tz} />
          <AccountRunsTable account={account} gapMinutes={gapMinutes} tz={tz} window={window} />
        </>
      ) : account.history.state === "none" ? (
        <NoHistory history={account.history} window={window} tz={tz} />
      ) : null}
    </section>
  );
}
