"use client";

import { useState } from "react";
import { Link } from "@/components/account-link";
import { ExactTime, RelativeTime } from "@/components/relative-time";
import { RunSpan } from "@/components/run-span";
import { Button } from "@/components/ui/button";
import { TableHead, TableHeaderCell } from "@/components/ui/table";
import { formatCount } from "@/lib/format";
import type { OverviewAccount, OverviewRun } from "@/lib/overview/answer";
import { type RunWindowChoice, runHref } from "@/lib/runs/params";
import { BAD_FAILURE_RATE, formatFailureRate } from "@/lib/runs/summary";
import type { TimeZoneChoice } from "@/lib/time-zone";

const FAILED = "font-semibold text-status-failed";
const CELL = "px-3 py-2 align-top";
const NUMBER = `${CELL} text-right tabular-nums`;
/** A busy account makes dozens of runs a day: the newest few show, the rest on request. */
const FIRST_RUNS = 8;
// What a phone has no room for: the end is said under the run's times instead.
const WIDE = "hidden sm:table-cell";

function Ended({ run, tz }: { run: OverviewRun; tz: TimeZoneChoice }) {
  if (run.end === null) {
    return (
      <span className="whitespace-nowrap text-status-processing">
        {run.running} {run.running === 1 ? "job" : "jobs"} still running
      </span>
    );
  }
  return <ExactTime iso={run.end} tz={tz} />;
}

function RunRow({
  run,
  prefix,
  gapMinutes,
  tz,
}: {
  run: OverviewRun;
  prefix: string;
  gapMinutes: number;
  tz: TimeZoneChoice;
}) {
  const href = `${prefix}${runHref(Date.parse(run.from), Date.parse(run.to), gapMinutes, tz)}`;
  const rateBad = run.failureRate !== null && run.failureRate >= BAD_FAILURE_RATE;
  const rate = run.failureRate === null ? "—" : formatFailureRate(run.failureRate);
  return (
    <tr className="border-t border-line" data-testid="overview-run" data-jobs={run.jobs} data-failed={run.failed}>
      <td className={CELL}>
        <Link href={href} className="text-accent underline-offset-2 hover:underline" data-testid="overview-run-link">
          <span className="sr-only">Run </span>
          <RunSpan from={run.from} to={run.to} tz={tz} />
        </Link>
        <span className="block text-xs text-ink-muted sm:hidden">
          {run.end === null ? (
            <Ended run={run} tz={tz} />
          ) : (
            <>
              ended <RelativeTime iso={run.end} tz={tz} />
            </>
          )}
        </span>
        {run.clipped ? <span className="block text-xs text-ink-muted">may have begun before the look-back</span> : null}
      </td>
      <td className={`${CELL} ${WIDE}`}>
        <Ended run={run} tz={tz} />
      </td>
      <td className={NUMBER}>{formatCount(run.jobs)}</td>
      <td className={`${NUMBER} ${WIDE}`}>{formatCount(run.operations)}</td>
      <td className={`${NUMBER} ${run.failed > 0 ? FAILED : ""}`}>
        {formatCount(run.failed)}
        {/* A phone has no room for the rate's own column: it goes under the count. */}
        <span className={`block text-xs whitespace-nowrap sm:hidden ${rateBad ? "" : "font-normal text-ink-muted"}`}>
          {rate}
        </span>
      </td>
      <td className={`${NUMBER} ${WIDE} whitespace-nowrap ${rateBad ? FAILED : "text-ink-muted"}`}>{rate}</td>
    </tr>
  );
}

/** An account's runs of the window, newest first, each linking to its run page in that account. */
export function AccountRunsTable({
  account,
  gapMinutes,
  window,
  tz,
}: {
  account: OverviewAccount;
  gapMinutes: number;
  window: RunWindowChoice;
  tz: TimeZoneChoice;
}) {
  const [all, setAll] = useState(false);
  if (account.runs.length === 0) {
    return <p className="text-sm text-ink-muted">No jobs were created in the last {window}.</p>;
  }
  const shown = all ? account.runs : account.runs.slice(0, FIRST_RUNS);
  const hidden = account.runs.length - shown.length;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded-md border border-line" data-testid="overview-runs-table">
        <table className="w-full text-sm">
          <caption className="sr-only">Runs of {account.name}, newest first</caption>
          <TableHead>
            <tr>
              <TableHeaderCell>Run</TableHeaderCell>
              <TableHeaderCell className={WIDE}>Ended</TableHeaderCell>
              <TableHeaderCell numeric>Jobs</TableHeaderCell>
              <TableHeaderCell numeric className={WIDE}>
                Operations
              </TableHeaderCell>
              <TableHeaderCell numeric>Failed</TableHeaderCell>
              <TableHeaderCell numeric className={WIDE}>
                Rate
              </TableHeaderCell>
            </tr>
          </TableHead>
          <tbody>
            {shown.map((run) => (
              <RunRow key={run.from} run={run} prefix={account.prefix} gapMinutes={gapMinutes} tz={tz} />
            ))}
          </tbody>
        </table>
      </div>
      {account.runs.length > FIRST_RUNS ? (
        <Button size="sm" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Show the newest ${FIRST_RUNS} runs` : `Show all ${account.runs.length} runs (${hidden} more)`}
        </Button>
      ) : null}
    </div>
  );
}
