"use client";

import { Button } from "@/components/ui/button";

/** Klaviyo pages by opaque cursor only: first, previous, next — no page numbers exist. */
export function Pagination({
  onFirst,
  onPrev,
  onNext,
  hasPrev,
  hasNext,
  isFirstPage,
  rowCount,
  sortedBy = null,
  resultOrder = null,
}: {
  onFirst: () => void;
  onPrev: () => void;
  onNext: () => void;
  hasPrev: boolean;
  hasNext: boolean;
  isFirstPage: boolean;
  rowCount: number;
  /** a column sort chosen in the table: it orders the loaded page only, and the footer says so */
  sortedBy?: { label: string; dir: "asc" | "desc" } | null;
  /** the order of the whole result when the job history answers (e.g. "Highest failure rate first") */
  resultOrder?: string | null;
}) {
  const order = sortedBy
    ? ` (sorted by ${sortedBy.label.toLowerCase()}, ${sortedBy.dir === "desc" ? "descending" : "ascending"}, within this page only)`
    : resultOrder
      ? ` (${resultOrder.toLowerCase()}, across every page of this list)`
      : isFirstPage
        ? " (newest first)"
        : "";
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-ink-muted">
        {rowCount} {rowCount === 1 ? "job" : "jobs"} on this page{order}
      </p>
      <div className="flex gap-2">
        <Button
          size="md"
          className="disabled:cursor-not-allowed disabled:opacity-50"
          onClick={onFirst}
          disabled={isFirstPage}
        >
          First page
        </Button>
        <Button
          size="md"
          className="disabled:cursor-not-allowed disabled:opacity-50"
          onClick={onPrev}
          disabled={!hasPrev}
        >
          ← Previous
        </Button>
        <Button
          size="md"
          className="disabled:cursor-not-allowed disabled:opacity-50"
          onClick={onNext}
          disabled={!hasNext}
        >
          Next →
        </Button>
      </div>
    </nav>
  );
}
