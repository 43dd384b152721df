"use client";

import { type MouseEvent, useRef, useState } from "react";
import { Anchor, Link } from "@/components/account-link";
import { ErrorState, errorCodeOf } from "@/components/error-state";
import { buttonClass } from "@/components/ui/button";
import { TableHead, TableHeaderCell } from "@/components/ui/table";
import type { ExportFormat } from "@/lib/export/export-file";
import { formatCount, formatPercent } from "@/lib/format";
import { JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { errorGroupHref } from "@/lib/jobs/detail-params";
import { fetchApi } from "@/lib/queries/fetch-json";
import { runErrorsExportUrl } from "@/lib/queries/runs";
import type { RunErrorGroup, RunErrors as RunErrorsData } from "@/lib/runs/answers";
import { type RunQuery, runExportFileName, runsSearch } from "@/lib/runs/params";
import type { RunSummary } from "@/lib/runs/summary";
import type { TimeZoneChoice } from "@/lib/time-zone";

const VISIBLE_LINKS = 3;
const CELL = "px-3 py-2 max-md:p-0";

/** A cell's column name, shown on a phone where the header row is not. */
function PhoneLabel({ children }: { children: string }) {
  return <span className="mr-1.5 font-sans text-xs text-ink-muted md:hidden">{children}</span>;
}

function JobLink({ job, group, tz }: { job: { type: JobType; id: string }; group: RunErrorGroup; tz: TimeZoneChoice }) {
  return (
    <Link
      href={errorGroupHref(job.type, job.id, group, tz)}
      // py-1: a 24 px tall target (WCAG 2.5.8), these links sit in a dense list.
      className="inline-block py-1 font-mono text-xs text-accent underline-offset-2 hover:underline"
      aria-label={`${JOB_TYPE_INFO[job.type].label} job ${job.id}: these errors`}
      data-testid="error-group-job-link"
    >
      {job.id}
    </Link>
  );
}

/**
 * Errors of every job of the run, grouped by code + title + field on the server, with downloads of
 * every failed entry (built on the server too: the page never holds the entries themselves).
 */
export function RunErrors({
  errors,
  summary,
  query,
  tz,
}: {
  errors: RunErrorsData;
  summary: RunSummary;
  query: RunQuery;
  /** the page's time zone, kept in the links to the jobs */
  tz: TimeZoneChoice;
}) {
  const { entries, groups } = errors;
  if (entries === 0) {
    return (
      <p className="rounded-lg border border-line bg-surface p-4 text-sm" data-testid="run-errors-empty">
        {summary.operations.failed > 0
          ? `${formatCount(summary.operations.failed)} operations failed, but Klaviyo listed no error entries for them.`
          : "No operation of this run has failed."}
      </p>
    );
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm" data-testid="run-error-summary">
          <strong className="tabular-nums">{formatCount(entries)}</strong> failed entries in{" "}
          <strong className="tabular-nums">{formatCount(summary.jobsWithFailures)}</strong> jobs, in{" "}
          {formatCount(groups.length)} {groups.length === 1 ? "group" : "groups"}
          {entries !== summary.operations.failed ? (
            <span className="text-ink-muted">
              {" "}
              (Klaviyo counts {formatCount(summary.operations.failed)} failed operations)
            </span>
          ) : null}
        </p>
        {/* Keyed by run: a failure or a download in flight belongs to the window it was asked for. */}
        <ExportLinks key={runsSearch(query)} query={query} entries={entries} />
      </div>
      {/* Below md each group is a stacked row: the error on a line of its own, then its figures, then its jobs. */}
      <div className="overflow-x-auto rounded-lg border border-line bg-surface">
        <table className="w-full border-collapse text-sm max-md:block" data-testid="run-error-groups">
          <caption className="sr-only">
            Errors of this run, grouped by code, title and field, largest group first
          </caption>
          <TableHead className="max-md:hidden">
            <tr>
              <TableHeaderCell>Error</TableHeaderCell>
              <TableHeaderCell>Field</TableHeaderCell>
              <TableHeaderCell numeric>Entries</TableHeaderCell>
              <TableHeaderCell numeric>Jobs</TableHeaderCell>
              <TableHeaderCell>Open in job</TableHeaderCell>
            </tr>
          </TableHead>
          <tbody className="max-md:block">
            {groups.map((group, index) => (
              <tr
                key={group.key}
                className={`border-line align-top max-md:flex max-md:flex-wrap max-md:items-baseline max-md:gap-x-4 max-md:gap-y-1 max-md:px-3 max-md:py-2 ${index > 0 ? "border-t" : "md:border-t"}`}
                data-testid="error-group"
                data-count={group.count}
                data-jobs={group.jobs.length}
              >
                <td className={`${CELL} max-md:basis-full`}>
                  <code className="rounded bg-surface-muted px-1 text-xs">{group.code}</code>{" "}
                  <span className="wrap-anywhere max-md:font-medium">{group.title}</span>
                </td>
                <td className={`${CELL} font-mono text-xs`}>
                  <PhoneLabel>Field</PhoneLabel>
                  {group.field ?? <span className="font-sans text-ink-muted">—</span>}
                </td>
                <td className={`${CELL} text-right tabular-nums max-md:text-left`}>
                  <PhoneLabel>Entries</PhoneLabel>
                  {formatCount(group.count)}{" "}
                  <span className="text-xs text-ink-muted">
                    ({formatPercent(group.count, Math.max(summary.operations.failed, entries))})
                  </span>
                </td>
                <td className={`${CELL} text-right tabular-nums max-md:text-left`}>
                  <PhoneLabel>Jobs</PhoneLabel>
                  {formatCount(group.jobs.length)}
                </td>
                <td className={`${CELL} max-md:basis-full`}>
                  <PhoneLabel>Open in job</PhoneLabel>
                  <ul className="flex flex-col gap-0.5 max-md:inline-flex max-md:flex-row max-md:flex-wrap max-md:gap-x-3">
                    {group.jobs.slice(0, VISIBLE_LINKS).map((job) => (
                      <li key={`${job.type}/${job.id}`}>
                        <JobLink job={job} group={group} tz={tz} />
                      </li>
                    ))}
                  </ul>
                  {group.jobs.length > VISIBLE_LINKS ? (
                    <MoreJobs jobs={group.jobs.slice(VISIBLE_LINKS)} group={group} tz={tz} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Downloads of every failed entry, built by the server (`/api/runs/errors`). Plain links, so they
 * work without JavaScript; with it, the file is fetched here so that a failure (Klaviyo down while
 * the run is read again) is explained on the page rather than as a failed download.
 */
function ExportLinks({ query, entries }: { query: RunQuery; entries: number }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [last, setLast] = useState<ExportFormat>("csv");
  const links = useRef<Partial<Record<ExportFormat, HTMLAnchorElement | null>>>({});

  function onClick(event: MouseEvent<HTMLAnchorElement>, format: ExportFormat) {
    // A modified click (new tab, save as…) is the browser's to handle.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void save(format);
  }

  async function save(format: ExportFormat) {
    if (busy) return;
    setBusy(format);
    setLast(format);
    try {
      const response = await fetchApi(runErrorsExportUrl(query, format));
      const [{ saveFile }, blob] = await Promise.all([import("@/lib/export/save-file"), response.blob()]);
      saveFile(runExportFileName(query.from, format), blob);
      if (failure) {
        // The box with the Retry button goes away: keep keyboard focus on the export.
        setFailure(null);
        links.current[format]?.focus();
      }
    } catch (error) {
      // Spoken by the error box (role=alert).
      setFailure(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <div className="flex gap-2" role="group" aria-label={`Export all ${entries} failed entries of the run`}>
        {(["csv", "json"] as const).map((format) => (
          <Anchor
            key={format}
            ref={(a) => {
              links.current[format] = a;
            }}
            href={runErrorsExportUrl(query, format)}
            download
            onClick={(event) => onClick(event, format)}
            aria-disabled={busy !== null || undefined}
            className={buttonClass({ size: "md", className: "aria-disabled:opacity-60" })}
          >
            {busy === format ? "Preparing…" : `Export ${format.toUpperCase()}`}
          </Anchor>
        ))}
      </div>
      {failure ? (
        <div className="basis-full space-y-1" data-testid="run-export-error" data-error-code={errorCodeOf(failure)}>
          <p className="text-sm font-medium">
            The {last.toUpperCase()} export failed; the rest of the page is unchanged.
          </p>
          <ErrorState
            error={failure}
            retriesOnItsOwn={false}
            onRetry={() => void save(last)}
            retrying={busy !== null}
          />
        </div>
      ) : null}
    </>
  );
}

/** The rest of a group's jobs, rendered when opened: a big run has hundreds per group. */
function MoreJobs({
  jobs,
  group,
  tz,
}: {
  jobs: { type: JobType; id: string }[];
  group: RunErrorGroup;
  tz: TimeZoneChoice;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-1" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-xs text-ink-muted hover:text-ink">
        {formatCount(jobs.length)} more jobs
      </summary>
      {open ? (
        <ul className="mt-1 flex max-h-48 flex-col gap-0.5 overflow-y-auto">
          {jobs.map((job) => (
            <li key={`${job.type}/${job.id}`}>
              <JobLink job={job} group={group} tz={tz} />
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
