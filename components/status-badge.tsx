import type { JobStatus } from "@/lib/job-types";

const STYLES: Record<string, string> = {
  queued: "text-status-queued border-status-queued before:bg-current",
  processing:
    "text-status-processing border-status-processing before:bg-current before:animate-pulse motion-reduce:before:animate-none",
  complete: "text-status-complete border-status-complete before:bg-current",
  cancelled: "text-status-cancelled border-status-cancelled before:bg-current",
};

/**
 * A status pill; unknown statuses (Klaviyo may add some) show as they are, in neutral colours. The
 * dot is a pseudo-element in the text's colour: one element per pill, in tables of hundreds.
 */
export function StatusBadge({ status }: { status: JobStatus }) {
  const style = STYLES[status] ?? "text-ink-muted border-line before:bg-line";
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap before:h-1.5 before:w-1.5 before:rounded-full ${style}`}
      data-status={status}
    >
      {status}
    </span>
  );
}
