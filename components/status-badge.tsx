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
export function StatusBadge({ status, failed = 0 }: { status: JobStatus; failed?: number }) {
  // A finished job with failed operations must not wear the clean job's green: 98 of 100 failed is news.
  if (status === "complete" && failed > 0) {
    return (
      <span
        className="inline-flex items-center gap-1.5 rounded-full border border-warn px-2 py-0.5 text-xs font-medium whitespace-nowrap text-warn before:h-1.5 before:w-1.5 before:rounded-full before:bg-current"
        data-failures={failed}
      >
        <span data-status={status}>{status}</span> with failures
      </span>
    );
  }
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
