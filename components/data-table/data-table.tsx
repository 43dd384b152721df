"use client";

import { FlexRender, type ReactTable, type Row, type TableState } from "@tanstack/react-table";
import type { HTMLAttributes, ReactNode } from "react";
import type { DataTableFeatures } from "./features";

/** Renders a sortable table. It owns markup and accessibility only; state lives with the caller. */
export function DataTable<TData extends object>({
  table,
  caption,
  rowProps,
  rowKey,
  empty,
}: {
  table: ReactTable<DataTableFeatures, TData, TableState<DataTableFeatures>>;
  caption: string;
  rowProps?: (row: Row<DataTableFeatures, TData>) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
  /** a key that changes when a row should remount (e.g. to replay a highlight) */
  rowKey?: (row: Row<DataTableFeatures, TData>) => string;
  empty?: ReactNode;
}) {
  const rows = table.getRowModel().rows;
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-muted text-left text-xs tracking-wide text-ink-muted uppercase">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className="px-3 py-2 font-medium whitespace-nowrap"
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 uppercase hover:text-ink focus-visible:outline-2 focus-visible:outline-accent"
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden className="w-3 text-[10px]">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={table.getVisibleLeafColumns().length} className="p-0">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey?.(row) ?? row.id} className="border-t border-line hover:bg-surface-muted/60" {...rowProps?.(row)}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 align-middle">
                    <FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
