import { Link } from "@/components/account-link";
import { PendingHint } from "@/components/pending-hint";
import { formatCount } from "@/lib/format";
import type { RunDetail } from "@/lib/runs/answers";
import { runHref } from "@/lib/runs/params";
import type { TimeZoneChoice } from "@/lib/time-zone";

/**
 * A run link names a fixed window, so it shows the same jobs in every browser. When jobs kept arriving
 * within the gap after it (the run is still growing), or the window starts inside a larger run, say
 * so and link the wider window instead of silently changing what this link shows.
 */
export function RunEdges({ detail, tz }: { detail: RunDetail; tz: TimeZoneChoice }) {
  const from = Date.parse(detail.from);
  const to = Date.parse(detail.to);
  const { continues, startedEarlier } = detail;
  if (!continues && !startedEarlier) return null;
  const widerFrom = startedEarlier ? Date.parse(startedEarlier.boundary) : from;
  const widerTo = continues ? Date.parse(continues.boundary) : to;
  return (
    <div
      role="note"
      className="space-y-1 rounded-md border border-accent bg-accent-soft px-3 py-2 text-sm text-ink"
      data-testid="run-edges"
    >
      {continues ? (
        <p data-testid="run-continues">
          <strong>The run continues:</strong> {formatCount(continues.jobCount)} more{" "}
          {continues.jobCount === 1 ? "job was" : "jobs were"} created after this window, each less than{" "}
          {detail.gapMinutes} min after the one before
          {continues.running > 0 ? ` (${formatCount(continues.running)} still running)` : ""}. They are not counted
          below.
        </p>
      ) : null}
      {startedEarlier ? (
        <p data-testid="run-started-earlier">
          <strong>The run started earlier:</strong> {formatCount(startedEarlier.jobCount)} jobs created just before this
          window belong to it. They are not counted below.
        </p>
      ) : null}
      <p>
        <Link href={runHref(widerFrom, widerTo, detail.gapMinutes, tz)} className="font-medium text-ink underline">
          Open the whole run as it is now
          <PendingHint />
        </Link>
      </p>
    </div>
  );
}
