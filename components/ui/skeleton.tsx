export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={`block animate-pulse rounded bg-surface-muted motion-reduce:animate-none ${className}`}
    />
  );
}

/** A table-shaped placeholder, so the page does not jump when rows arrive. */
export function TableSkeleton({ rows = 8, label = "Loading jobs" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="overflow-hidden rounded-lg border border-line bg-surface">
      <div className="h-9 bg-surface-muted" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex items-center gap-4 border-t border-line px-3 py-3">
          <Skeleton className="h-3 w-56" />
          <Skeleton className="h-4 w-20 rounded-full" />
          <Skeleton className="h-2 flex-1 rounded-full" />
          <Skeleton className="h-3 w-24" />
          <Skeleton className="hidden h-3 w-20 sm:block" />
        </div>
      ))}
      <span className="sr-only">{label}…</span>
    </div>
  );
}
