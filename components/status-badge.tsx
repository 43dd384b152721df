import type { JobStatus } from "@/lib/job-types";

const STYLES: Record<string, string> = {
  queued: "text-status-queued border-status-queued",
  processing: "text-status-processing border-status-processing",
  complete: "text-status-complete border-status-complete",
  cancelled: "text-status-cancelled border-status-cancelled",
};

const DOTS: Record<string, string> = {
  queued: "bg-status-queued",
  processing: "bg-status-processing animate-pulse motion-reduce:animate-none",
  complete: "bg-status-complete",
  cancelled: "bg-status-cancelled",
};

/** A status pill; unknown statuses (Klaviyo may add some) show as they are, in neutral colours. */
export function StatusBadge({ status }: { status: JobStatus }) {
  const style = STYLES[status] ?? "text-ink-muted border-line";
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${style}`}
      data-status={status}
    >
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${DOTS[status] ?? "bg-line"}`} />
      {status}
    </span>
  );
}
