"use client";

/** The toolbars' "Refresh": fetch the view's data now, whatever the auto-refresh setting. */
export function RefreshButton({ onRefresh }: { onRefresh: () => void }) {
  return (
    <button
      type="button"
      onClick={onRefresh}
      className="rounded-md border border-line bg-surface px-2 py-1.5 text-sm hover:bg-surface-muted focus-visible:outline-2 focus-visible:outline-accent"
    >
      Refresh
    </button>
  );
}
