"use client";

import type { Overview } from "@/lib/overview/answer";
import { sectionId } from "./account-section";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The line to read first: how many accounts had failures in the window, each named (a jump to its
 * section), and which the history cannot speak for. Sections keep the configured order below it.
 */
export function OverviewSummary({ overview }: { overview: Overview }) {
  const { accounts } = overview;
  const failing = accounts.filter((a) => (a.totals?.failed ?? 0) > 0);
  const unknown = accounts.filter((a) => a.history.state === "none");
  const running = accounts.filter((a) => (a.totals?.running ?? 0) > 0);
  // "No failures" only of accounts the history speaks for: an unknown one is not a quiet one.
  const known = accounts.length - unknown.length;
  return (
    <div
      role="status"
      data-testid="overview-summary"
      data-failing={failing.length}
      className={`rounded-lg border px-4 py-3 text-sm ${failing.length > 0 ? "border-status-failed bg-danger-soft" : "border-line bg-surface"}`}
    >
      <p className="font-semibold">
        {failing.length > 0
          ? `${failing.length} of ${plural(accounts.length, "account", "accounts")} had failures in the last ${overview.window}:`
          : known === 0
            ? "The job history cannot tell any account's runs right now."
            : `No failures in the last ${overview.window} across ${plural(known, "account", "accounts")}.`}{" "}
        {failing.map((account, index) => (
          <span key={account.name}>
            {index > 0 ? ", " : null}
            <a href={`#${sectionId(account.name)}`} className="text-status-failed underline underline-offset-2">
              {account.name}
            </a>
          </span>
        ))}
      </p>
      {running.length > 0 || unknown.length > 0 ? (
        <p className="mt-1 text-ink-muted">
          {running.length > 0 ? `Jobs still running in ${running.map((a) => a.name).join(", ")}.` : null}
          {running.length > 0 && unknown.length > 0 ? " " : null}
          {unknown.length > 0
            ? `No current job history for ${unknown.map((a) => a.name).join(", ")}: not counted above.`
            : null}
        </p>
      ) : null}
    </div>
  );
}
