"use client";

import { FlexRender, type ReactTable, type Row, type TableState } from "@tanstack/react-table";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import {
  type HTMLAttributes,
  memo,
  type ReactNode,
  type Ref,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { cx } from "@/components/ui/class-names";
import { focusRing } from "@/components/ui/focus-ring";
import { TableHead, TableHeaderCell } from "@/components/ui/table";
import type { DataTableFeatures } from "./features";

type AnyRow<TData extends object> = Row<DataTableFeatures, TData>;
type RowProps<TData extends object> = (
  row: AnyRow<TData>,
) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;

/** By default, above this many rows only the rows near the viewport are rendered. */
export const VIRTUAL_ROWS_FROM = 150;
const ROW_ESTIMATE_PX = 41;

/*
 * Below the `sm` breakpoint a stacked table lays each row out as a card: a two-column grid of cells,
 * each under its column's name (the header row is hidden; sorting is a desktop affair). The markup
 * stays one table, so keyboard moves, rows rendered on demand and test hooks work the same.
 */
const STACKED_TABLE = "max-sm:block";
const STACKED_ROW =
  "max-sm:grid max-sm:grid-flow-row-dense max-sm:grid-cols-2 max-sm:gap-x-4 max-sm:gap-y-2 max-sm:p-3";
// The column's name is generated content: it is read out with the cell, and a cell's text stays its value.
const STACKED_CELL =
  "max-sm:min-w-0 max-sm:p-0 max-sm:before:mb-0.5 max-sm:before:block max-sm:before:text-xs max-sm:before:text-ink-muted max-sm:before:content-[attr(data-label)]";

/** Renders a sortable table. It owns markup and accessibility only; state lives with the caller. */
export function DataTable<TData extends object>({
  table,
  caption,
  rowProps,
  rowKey,
  empty,
  virtualFrom = VIRTUAL_ROWS_FROM,
  belowFold = false,
  activeIndex = -1,
  stackOnPhone = false,
}: {
  table: ReactTable<DataTableFeatures, TData, TableState<DataTableFeatures>>;
  caption: string;
  rowProps?: RowProps<TData>;
  /** a key that changes when a row should remount (e.g. to replay a highlight) */
  rowKey?: (row: AnyRow<TData>) => string;
  empty?: ReactNode;
  /** row count from which rows are rendered on demand (a page with several tables sets it lower) */
  virtualFrom?: number;
  /** the table starts below the first screen: with rows on demand, the server renders only a few */
  belowFold?: boolean;
  /** the row a keyboard user is on: when rows render on demand, the table scrolls to it if it is not rendered */
  activeIndex?: number;
  /** on a phone, each row is a card of labelled cells instead of a line that scrolls sideways */
  stackOnPhone?: boolean;
}) {
  const rows = table.getRowModel().rows;
  const columnCount = table.getVisibleLeafColumns().length;
  const virtual = rows.length >= virtualFrom;
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table
        className={cx("w-full border-collapse text-sm", stackOnPhone && STACKED_TABLE)}
        // Screen readers announce the full size of a table whose rows are rendered on demand.
        aria-rowcount={virtual ? rows.length + 1 : undefined}
        data-virtual={virtual ? "true" : undefined}
      >
        <caption className="sr-only">{caption}</caption>
        <TableHead className={stackOnPhone ? "max-sm:hidden" : undefined}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <TableHeaderCell
                    key={header.id}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    className="whitespace-nowrap"
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className={`inline-flex items-center gap-1 uppercase hover:text-ink ${focusRing}`}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden className="w-3 text-[10px]">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </TableHeaderCell>
                );
              })}
            </tr>
          ))}
        </TableHead>
        <tbody className={stackOnPhone ? STACKED_TABLE : undefined}>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columnCount} className="p-0">
                {empty}
              </td>
            </tr>
          ) : virtual ? (
            <VirtualRows
              rows={rows}
              columnCount={columnCount}
              rowProps={rowProps}
              rowKey={rowKey}
              activeIndex={activeIndex}
              belowFold={belowFold}
              stacked={stackOnPhone}
            />
          ) : (
            rows.map((row) => (
              <BodyRow key={rowKey?.(row) ?? row.id} row={row} rowProps={rowProps} stacked={stackOnPhone} />
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function Spacer({ ref, height, columnCount }: { ref?: Ref<HTMLTableRowElement>; height: number; columnCount: number }) {
  return (
    <tr ref={ref} aria-hidden style={{ height: Math.max(0, height) }}>
      <td colSpan={columnCount} className="p-0" />
    </tr>
  );
}

function BodyRowOf<TData extends object>({
  row,
  rowProps,
  index,
  measure,
  stacked = false,
}: {
  row: AnyRow<TData>;
  rowProps?: RowProps<TData>;
  index?: number;
  measure?: (element: HTMLTableRowElement | null) => void;
  stacked?: boolean;
}) {
  const { className = "border-t border-line hover:bg-surface-muted/60", ...props } = rowProps?.(row) ?? {};
  return (
    <tr
      ref={measure}
      data-index={index}
      aria-rowindex={index === undefined ? undefined : index + 2}
      className={cx(className, stacked && STACKED_ROW)}
      {...props}
    >
      {row.getVisibleCells().map((cell) => {
        const header = cell.column.columnDef.header;
        return (
          <td
            key={cell.id}
            className={cx("px-3 py-2 align-middle", stacked && STACKED_CELL)}
            data-column={cell.column.id}
            data-label={stacked ? (typeof header === "string" ? header : cell.column.id) : undefined}
          >
            <FlexRender cell={cell} />
          </td>
        );
      })}
    </tr>
  );
}

/**
 * Memoised: a virtual table re-renders when it learns where it sits on the page (right after
 * hydration) and as it scrolls; rows it already shows, with the same data, need not render again.
 */
const BodyRow = memo(BodyRowOf) as typeof BodyRowOf;

/**
 * The rows within a screen or so of the viewport, between two spacer rows that keep the table's
 * height (and the page's scrollbar) true to the whole set. The server and the first client render
 * use an assumed viewport, so the first rows arrive in the HTML and hydrate without a mismatch.
 */
function VirtualRows<TData extends object>({
  rows,
  columnCount,
  rowProps,
  rowKey,
  activeIndex,
  belowFold,
  stacked,
}: {
  rows: AnyRow<TData>[];
  columnCount: number;
  rowProps?: RowProps<TData>;
  rowKey?: (row: AnyRow<TData>) => string;
  activeIndex: number;
  belowFold: boolean;
  stacked: boolean;
}) {
  const anchor = useRef<HTMLTableRowElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    // Where the rows start in the page: the window scrolls, not the table.
    const element = anchor.current;
    if (!element) return;
    const update = () => setScrollMargin(element.getBoundingClientRect().top + window.scrollY);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 12,
    scrollMargin,
    // Before the real viewport is known: a screenful of rows, or only the overscan's for a table that
    // starts below the first screen (a run page's tables: their HTML would be parsed, laid out and
    // hydrated for no one, before the rows that are on screen).
    initialRect: { width: 1280, height: belowFold ? ROW_ESTIMATE_PX : 1000 },
    // The server knows no scroll position: a page reloaded while scrolled must hydrate the same rows.
    initialOffset: 0,
  });
  const items = virtualizer.getVirtualItems();
  // The rows of the first render (those in the server's HTML) stay rendered. Dropping them once the
  // real viewport is known would delete thousands of DOM nodes in the task that hydrates the page,
  // for tables that are below the fold; keeping those first rows (a screenful, or ~13 rows for a table
  // below the fold) costs far less.
  const [leading] = useState(() => (items.length ? items[items.length - 1]!.index + 1 : 0));
  const head = Math.min(leading, rows.length);
  const rest = items.filter((item) => item.index >= head);
  const headEnd = head > 0 ? virtualizer.measurementsCache[head - 1]!.end : scrollMargin;
  // Offsets count from the top of the page; the total size counts from the first row.
  const before = head > 0 ? 0 : rest.length ? rest[0]!.start - scrollMargin : 0;
  const gap = head > 0 && rest.length ? rest[0]!.start - headEnd : 0;
  const end = rest.length ? rest[rest.length - 1]!.end : headEnd;
  const after = virtualizer.getTotalSize() - (end - scrollMargin);
  const activeRendered = activeIndex < head || rest.some((item) => item.index === activeIndex);
  const scrolledTo = useRef(activeIndex);
  useEffect(() => {
    // Only when the active row changes: scrolling away from it must not pull the page back. Keyboard
    // moves go one row at a time from a row on screen, so this is rarely needed: only when the page
    // was scrolled away from the active row in between.
    if (activeIndex === scrolledTo.current) return;
    scrolledTo.current = activeIndex;
    if (activeIndex >= 0 && activeIndex < rows.length && !activeRendered)
      virtualizer.scrollToIndex(activeIndex, { align: "center" });
  }, [activeIndex, activeRendered, rows.length, virtualizer]);
  const bodyRow = (index: number) => {
    const row = rows[index]!;
    return (
      <BodyRow
        key={rowKey?.(row) ?? row.id}
        row={row}
        rowProps={rowProps}
        index={index}
        measure={virtualizer.measureElement}
        stacked={stacked}
      />
    );
  };
  return (
    <>
      <Spacer ref={anchor} height={before} columnCount={columnCount} />
      {Array.from({ length: head }, (_, index) => bodyRow(index))}
      {gap > 0 && <Spacer height={gap} columnCount={columnCount} />}
      {rest.map((item) => bodyRow(item.index))}
      <Spacer height={after} columnCount={columnCount} />
    </>
  );
}
