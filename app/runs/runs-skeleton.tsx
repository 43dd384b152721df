import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

/** Placeholders of the same shape as the list of runs and the run page, so nothing jumps on arrival. */
export function RunsSkeleton({ kind }: { kind: "run" | "recent" }) {
  if (kind === "run") {
    return (
      <div className="space-y-4">
        <div
          role="status"
          aria-label="Loading the run"
          className="space-y-3 rounded-lg border border-line bg-surface p-4"
        >
          <Skeleton className="h-4 w-72" />
          <Skeleton className="h-4 w-full rounded-full" />
          <Skeleton className="h-24 w-full" />
        </div>
        <TableSkeleton label="Loading the run's jobs" />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div role="status" aria-label="Loading recent runs" className="space-y-3">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="space-y-3 rounded-lg border border-line bg-surface p-4">
            <Skeleton className="h-4 w-80" />
            <Skeleton className="h-2 w-full rounded-full" />
            <Skeleton className="h-3 w-2/3" />
          </div>
        ))}
      </div>
    </div>
  );
}
