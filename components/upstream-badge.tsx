import type { Upstream } from "@/lib/types";

/** Says plainly where the data comes from, so nobody mistakes simulated jobs for their account's. */
export function UpstreamBadge({ upstream }: { upstream: Upstream }) {
  if (upstream === "simulator") {
    return (
      <span
        data-testid="upstream-badge"
        title="No KLAVIYO_API_KEY is configured: these jobs come from the built-in Klaviyo simulator."
        className="inline-flex items-center gap-1.5 rounded-full border border-warn bg-warn-soft px-2.5 py-0.5 text-xs font-semibold text-warn"
      >
        <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-warn" />
        Simulator data
      </span>
    );
  }
  return (
    <span
      data-testid="upstream-badge"
      className="inline-flex items-center gap-1.5 rounded-full border border-line px-2.5 py-0.5 text-xs text-ink-muted"
    >
      <span aria-hidden className="h-1.5 w-1.5 rounded-full bg-status-complete" />
      Klaviyo
    </span>
  );
}
