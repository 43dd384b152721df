import { Skeleton } from "@/components/ui/skeleton";

/** The detail page's shape while it loads: header, progress, tabs, rows. */
export function DetailSkeleton() {
  return (
    <div role="status" aria-label="Loading job" className="space-y-5">
      <Skeleton className="h-3 w-40" />
      <div className="space-y-2">
        <Skeleton className="h-7 w-96 max-w-full" />
        <Skeleton className="h-4 w-64" />
      </div>
      <div className="rounded-lg border border-line bg-surface p-4">
        <Skeleton className="h-4 w-full rounded-full" />
        <div className="mt-3 flex gap-6">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-10 w-28" />
          ))}
        </div>
      </div>
      <div className="flex gap-2 border-b border-line pb-2">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-7 w-24" />
        ))}
      </div>
      <div className="space-y-2 rounded-lg border border-line bg-surface p-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
      <span className="sr-only">Loading job…</span>
    </div>
  );
}
