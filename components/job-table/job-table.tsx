"use client";

import { type SortingState, type Updater, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { dataTableFeatures } from "@/components/data-table/features";
import { LIST_COLUMNS, type ListColumn } from "@/lib/jobs/list-params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { JobRow } from "@/lib/types";
import { jobColumns } from "./columns";
import { type NewJobs, useLiveRows } from "./use-live-rows";

export interface TableView {
  sort: ListColumn | null;
  dir: "asc" | "desc";
  hide: ListColumn[];
  tz: TimeZoneChoice;
  /** the list's query, for the way back from a job's page (none: back to the list of the job's type) */
  back?: string;
  /** a list of several types: each row says its own type */
  withType?: boolean;
}

/**
 * The job table of one view. `newJobs` says what happens to jobs that arrive while it is mounted (see
 * useLiveRows); with "count", remount it (key) when the view's data selection changes.
 */
export function JobsTable({
  jobs,
  newJobs,
  view,
  onSortChange,
  activeRow,
  empty,
  virtualFrom,
  belowFold,
  leftNotice,
  footer,
}: {
  jobs: JobRow[];
  newJobs: NewJobs;
  view: TableView;
  onSortChange: (sort: ListColumn | null, dir: "asc" | "desc") => void;
  activeRow: number;
  empty: React.ReactNode;
  virtualFrom?: number;
  belowFold?: boolean;
  /**
   * For a view whose filter jobs leave (queued, processing): rows whose jobs left its data leave the
   * table, and this says so ("2 jobs finished and …"). Without it, rows stay until new ones are shown.
   */
  leftNotice?: (count: number) => string;
  /** below the table, told how many rows it shows (new jobs held back are not among them) */
  footer?: (shown: number) => React.ReactNode;
}) {
  const { rows, newCount, leftCount, changes, showNew } = useLiveRows(jobs, newJobs, {
    dropLeavers: leftNotice !== undefined,
  });
  const columns = useMemo(() => jobColumns(view.tz, view.back, view.withType), [view.tz, view.back, view.withType]);
  const sorting: SortingState = view.sort ? [{ id: view.sort, desc: view.dir === "desc" }] : [];
  const columnVisibility = Object.fromEntries(LIST_COLUMNS.map((c) => [c, !view.hide.includes(c)]));

  const table = useTable({
    features: dataTableFeatures,
    columns,
    data: rows,
    getRowId: (job) => job.id,
    state: { sorting, columnVisibility },
    onSortingChange: (updater: Updater<SortingState>) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      onSortChange(first ? (first.id as ListColumn) : null, first?.desc === false ? "asc" : "desc");
    },
  });
  const ordered = table.getRowModel().rows;
  const activeId = ordered[activeRow]?.id;

  return (
    <div>
      {newCount > 0 ? (
        <button
          type="button"
          onClick={showNew}
          className="mb-2 w-full rounded-md border border-accent bg-accent-soft px-3 py-1.5 text-sm font-medium text-ink"
        >
          {newCount} new {newCount === 1 ? "job" : "jobs"} — show
        </button>
      ) : null}
      {/* Always in the page, empty and without height until rows leave: a live region added together
          with its words is not reliably read out. */}
      <div role="status">
        {leftNotice && leftCount > 0 ? (
          <p className="mb-2 rounded-md border border-line bg-surface-muted px-3 py-1.5 text-sm text-ink-muted">
            {leftNotice(leftCount)}
          </p>
        ) : null}
      </div>
      <DataTable
        table={table}
        caption="Catalog bulk jobs"
        stackOnPhone
        empty={empty}
        virtualFrom={virtualFrom}
        belowFold={belowFold}
        activeIndex={activeRow}
        rowKey={(row) => `${row.id}-${changes[row.id] ?? 0}`}
        rowProps={(row) => ({
          "data-testid": "job-row",
          "data-job-id": row.id,
          "data-active": row.id === activeId ? "true" : undefined,
          // On a phone (a card per row): the id and the progress bar take the card's width; the status
          // and the counts share a line.
          className: `border-t border-line hover:bg-surface-muted/60 data-[active=true]:bg-accent-soft/60 max-sm:[&>[data-column=id]]:col-span-2 max-sm:[&>[data-column=progress]]:col-span-2 ${changes[row.id] ? "status-changed" : ""}`,
        })}
      />
      {footer ? <div className="mt-4">{footer(rows.length)}</div> : null}
    </div>
  );
}
