"use client";

const button =
  "rounded-md border border-line bg-surface px-3 py-1.5 text-sm font-medium hover:bg-surface-muted disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-accent";

/** Klaviyo pages by opaque cursor only: first, previous, next — no page numbers exist. */
export function Pagination({
  onFirst,
  onPrev,
  onNext,
  hasPrev,
  hasNext,
  isFirstPage,
  rowCount,
}: {
  onFirst: () => void;
  onPrev: () => void;
  onNext: () => void;
  hasPrev: boolean;
  hasNext: boolean;
  isFirstPage: boolean;
  rowCount: number;
}) {
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-ink-muted">
        {rowCount} {rowCount === 1 ? "job" : "jobs"} on this page{isFirstPage ? " (newest first)" : ""}
      </p>
      <div className="flex gap-2">
        <button type="button" className={button} onClick={onFirst} disabled={isFirstPage}>
          First page
        </button>
        <button type="button" className={button} onClick={onPrev} disabled={!hasPrev}>
          ← Previous
        </button>
        <button type="button" className={button} onClick={onNext} disabled={!hasNext}>
          Next →
        </button>
      </div>
    </nav>
  );
}
