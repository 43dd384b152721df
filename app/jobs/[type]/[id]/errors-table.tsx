"use client";

import { createColumnHelper, type SortingState, type Updater, useTable } from "@tanstack/react-table";
import { type ReactNode, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { type DataTableFeatures, dataTableFeatures } from "@/components/data-table/features";
import type { ErrorRef } from "@/lib/jobs/error-groups";
import type { PayloadEntry } from "./payload-entries";
import { ResourceName } from "./resource-preview";

export interface ErrorRow {
  ref: ErrorRef;
  /** the payload entry the error points at, with its resource when the relationships tell */
  entry: PayloadEntry | undefined;
}

const helper = createColumnHelper<DataTableFeatures, ErrorRow>();
const code = (text: string) => <code className="rounded bg-surface-muted px-1 font-mono text-xs">{text}</code>;

function itemCell(row: ErrorRow, missing: string): ReactNode {
  const entry = row.entry;
  if (row.ref.index === null) return <span className="text-ink-muted">whole request</span>;
  if (entry?.resource || entry?.resourceId)
    return <ResourceName resource={entry.resource} id={entry.resourceId} compact />;
  return <span className="text-ink-muted">{entry ? missing : "unknown"}</span>;
}

function errorColumns(showItems: boolean, missing: string) {
  return helper.columns([
    helper.accessor((row) => row.ref.index ?? -1, {
      id: "index",
      header: "Entry",
      sortFn: "basic",
      sortDescFirst: false,
      cell: ({ row }) =>
        row.original.ref.index === null ? (
          <span className="text-ink-muted">—</span>
        ) : (
          <span className="font-mono tabular-nums">#{row.original.ref.index}</span>
        ),
    }),
    helper.accessor((row) => row.ref.field ?? "", {
      id: "field",
      header: "Field",
      sortFn: "alphanumeric",
      cell: ({ row }) =>
        row.original.ref.field ? code(row.original.ref.field) : <span className="text-ink-muted">—</span>,
    }),
    helper.accessor((row) => row.ref.error.code, {
      id: "code",
      header: "Code",
      sortFn: "alphanumeric",
      cell: ({ row }) => code(row.original.ref.error.code),
    }),
    helper.accessor((row) => row.ref.error.title, {
      id: "title",
      header: "Title",
      sortFn: "alphanumeric",
      cell: ({ row }) => <span className="wrap-anywhere">{row.original.ref.error.title}</span>,
    }),
    helper.accessor((row) => row.ref.error.detail, {
      id: "detail",
      header: "Detail",
      enableSorting: false,
      cell: ({ row }) => (
        <span className="block max-w-md text-ink-muted wrap-anywhere">{row.original.ref.error.detail}</span>
      ),
    }),
    ...(showItems
      ? [
          helper.display({
            id: "item",
            header: "Item",
            cell: ({ row }) => itemCell(row.original, missing),
          }),
        ]
      : []),
  ]);
}

/** Every error shown, one row each; sorted by payload entry until a header says otherwise. */
export function ErrorsTable({
  rows,
  showItems,
  missingItemText,
  caption,
  empty,
}: {
  rows: readonly ErrorRow[];
  showItems: boolean;
  /** what the item cell says for a failed entry without a resource, e.g. "not created" */
  missingItemText: string;
  caption: string;
  empty: ReactNode;
}) {
  const columns = useMemo(() => errorColumns(showItems, missingItemText), [showItems, missingItemText]);
  const [sorting, setSorting] = useState<SortingState>([{ id: "index", desc: false }]);
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({
    features: dataTableFeatures,
    columns,
    data,
    getRowId: (row, index) => `${index}:${row.ref.error.id}`,
    state: { sorting, columnVisibility: {} },
    onSortingChange: (updater: Updater<SortingState>) =>
      setSorting((current) => (typeof updater === "function" ? updater(current) : updater)),
  });
  return (
    <DataTable
      table={table}
      caption={caption}
      empty={empty}
      rowProps={(row) => ({
        "data-testid": "error-row",
        "data-index": row.original.ref.index === null ? "" : String(row.original.ref.index),
        className: "border-t border-line align-top hover:bg-surface-muted/60",
      })}
    />
  );
}
