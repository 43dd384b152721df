/**
 * What `GET /api/overview` answers: per account (in the order given), its runs in the window and
 * their totals, or why the job history cannot say. Pure: ./read.server reads the store, this shapes.
 */
import type { RecentRuns } from "@/lib/runs/answers";
import type { RunWindowChoice } from "@/lib/runs/params";
import { failureRate } from "@/lib/runs/summary";

export interface OverviewRun {
  /** the run's first and last created_at: its link (`/runs?from=&to=`) */
  from: string;
  to: string;
  /** the latest completion once nothing runs; null while some job still runs */
  end: string | null;
  running: number;
  jobs: number;
  operations: number;
  failed: number;
  /** failed ÷ processed operations; null before any was processed */
  failureRate: number | null;
  /** began within one gap of the window's start: it may have begun earlier */
  clipped: boolean;
}

export interface OverviewTotals {
  runs: number;
  jobs: number;
  operations: number;
  failed: number;
  failureRate: number | null;
  /** jobs not in a final state yet */
  running: number;
  /** the newest run's state; null without runs */
  newest: "running" | "finished" | null;
}

/** Why an account's runs cannot be told from the history (never shown as zeros). */
export type NoHistoryReason = "store-down" | "not-collected" | "stale" | "starts-later";

export type OverviewHistory =
  | { state: "covered"; asOf: string; since: string }
  | { state: "none"; reason: NoHistoryReason; lastPass: string | null; since: string | null };

export interface OverviewAccount {
  name: string;
  upstream: "klaviyo" | "simulator";
  /** the prefix of the account's links: `/a/{name}`, or "" for the one account of a single-account setup */
  prefix: string;
  history: OverviewHistory;
  /** newest first; empty without history */
  runs: OverviewRun[];
  /** null without history */
  totals: OverviewTotals | null;
}

export interface Overview {
  window: RunWindowChoice;
  gapMinutes: number;
  /** the window's start, ISO */
  since: string;
  accounts: OverviewAccount[];
}

export function overviewRuns(recent: RecentRuns): OverviewRun[] {
  return recent.runs.map(({ summary, clipped }) => ({
    from: summary.from,
    to: summary.to,
    end: summary.running > 0 ? null : (summary.lastCompletedAt ?? summary.to),
    running: summary.running,
    jobs: summary.jobCount,
    operations: summary.operations.total,
    failed: summary.operations.failed,
    failureRate: failureRate(summary.operations),
    clipped,
  }));
}

/** Plain sums over the runs; the rate over every processed operation of the window, as a run's is. */
export function overviewTotals(recent: RecentRuns): OverviewTotals {
  let jobs = 0;
  let operations = 0;
  let completed = 0;
  let failed = 0;
  let running = 0;
  for (const { summary } of recent.runs) {
    jobs += summary.jobCount;
    operations += summary.operations.total;
    completed += summary.operations.completed;
    failed += summary.operations.failed;
    running += summary.running;
  }
  const newest = recent.runs[0]?.summary;
  return {
    runs: recent.runs.length,
    jobs,
    operations,
    failed,
    failureRate: failureRate({ completed, failed }),
    running,
    newest: newest ? (newest.running > 0 ? "running" : "finished") : null,
  };
}
