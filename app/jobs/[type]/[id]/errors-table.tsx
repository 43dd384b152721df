"use client";

import { createColumnHelper, type SortingState, type Updater, useTable } from "@tanstack/react-table";
import { type ReactNode, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { type DataTableFeatures, dataTableFeatures } from "@/components/data-table/features";
import { cx } from "@/components/ui/class-names";
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

/*
 * Below the md breakpoint each error is a stacked row: the row is a wrapping flex box and its cells
 * give way (`display: contents`), so entry, field and code share a line and the title, the detail and
 * the item each take the full width of the screen. The sortable headers stay, as a row of buttons.
 * Done in CSS over the one table, so a row is the same element (and test hook) at every width.
 */
const STACK_ON_PHONE = [
  "max-md:[&_table]:block max-md:[&_thead]:block max-md:[&_tbody]:block",
  "max-md:[&_thead_tr]:flex max-md:[&_thead_tr]:flex-wrap max-md:[&_th:not(:has(button))]:hidden",
  "max-md:[&_tbody>tr]:flex max-md:[&_tbody>tr]:flex-wrap max-md:[&_tbody>tr]:items-baseline",
  "max-md:[&_tbody>tr]:gap-x-3 max-md:[&_tbody>tr]:gap-y-1 max-md:[&_tbody>tr]:px-3 max-md:[&_tbody>tr]:py-2",
  "max-md:[&_tbody>tr>td]:contents max-md:[&_td[colspan]]:block max-md:[&_td[colspan]]:w-full",
].join(" ");

/** A cell's content, one box: on a phone, an item of its stacked row, named by `label` when it needs one. */
function Part({ label, full = false, children }: { label?: string; full?: boolean; children: ReactNode }) {
  return (
    <div
      className={cx(
        "min-w-0",
        label && "max-md:flex max-md:items-baseline max-md:gap-1.5",
        full && "max-md:basis-full",
      )}
    >
      {label ? <span className="shrink-0 text-xs text-ink-muted md:hidden">{label}</span> : null}
      {children}
    </div>
  );
}

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
          <Part label="Entry">
            <span className="text-ink-muted">—</span>
          </Part>
        ) : (
          <Part label="Entry">
            <span className="font-mono tabular-nums">#{row.original.ref.index}</span>
          </Part>
        ),
    }),
    helper.accessor((row) => row.ref.field ?? "", {
      id: "field",
      header: "Field",
      sortFn: "alphanumeric",
      cell: ({ row }) => (
        <Part label="Field">
          {row.original.ref.field ? code(row.original.ref.field) : <span className="text-ink-muted">—</span>}
        </Part>
      ),
    }),
    helper.accessor((row) => row.ref.error.code, {
      id: "code",
      header: "Code",
      sortFn: "alphanumeric",
      cell: ({ row }) => <Part label="Code">{code(row.original.ref.error.code)}</Part>,
    }),
    helper.accessor((row) => row.ref.error.title, {
      id: "title",
      header: "Title",
      sortFn: "alphanumeric",
      cell: ({ row }) => (
        <Part full>
          <span className="wrap-anywhere max-md:font-medium">{row.original.ref.error.title}</span>
        </Part>
      ),
    }),
    helper.accessor((row) => row.ref.error.detail, {
      id: "detail",
      header: "Detail",
      enableSorting: false,
      cell: ({ row }) => (
        <Part full>
          <span className="block max-w-md text-ink-muted wrap-anywhere max-md:max-w-none">
            {row.original.ref.error.detail}
          </span>
        </Part>
      ),
    }),
    ...(showItems
      ? [
          helper.display({
            id: "item",
            header: "Item",
            cell: ({ row }) => (
              <Part label="Item" full>
                {itemCell(row.original, missing)}
              </Part>
            ),
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
    <div className={STACK_ON_PHONE}>
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
    </div>
  );
}
