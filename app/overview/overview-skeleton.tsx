import { Skeleton } from "@/components/ui/skeleton";

/** Placeholders of the sections' shape, so nothing jumps when the answer lands. */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-label="Loading the overview" className="space-y-4">
      <Skeleton className="h-12 w-full rounded-lg" />
      {Array.from({ length: 2 }, (_, i) => (
        <div key={i} className="space-y-3 rounded-lg border border-line bg-surface p-4">
          <Skeleton className="h-5 w-40" />
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-24 w-full" />
        </div>
      ))}
    </div>
  );
}
