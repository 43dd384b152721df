import { formatCount } from "@/lib/format";
import { KLAVIYO_MAX_IN_PROGRESS } from "@/lib/runs/summary";

/**
 * Klaviyo refuses new bulk jobs while 500 of an account's jobs are queued or processing. This gauge
 * counts the jobs of this run only: the cap is account-wide, and other runs or tools may hold slots
 * the dashboard does not add up here (that would cost two status-filtered list calls per type).
 */
export function CapacityGauge({ inProgress }: { inProgress: number }) {
  const max = KLAVIYO_MAX_IN_PROGRESS;
  const share = Math.min(1, inProgress / max);
  const tone = share >= 0.9 ? "var(--danger)" : share >= 0.6 ? "var(--warn)" : "var(--accent)";
  return (
    <figure
      className="flex flex-col items-center gap-1 rounded-lg border border-line bg-surface p-3"
      data-testid="capacity-gauge"
    >
      <div
        role="meter"
        aria-label="Jobs of this run in progress, of Klaviyo's 500-job limit"
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(inProgress, max)}
        aria-valuetext={`${formatCount(inProgress)} of ${formatCount(max)} jobs in progress (queued or processing)`}
        className="relative w-40"
      >
        <svg aria-hidden viewBox="0 0 120 68" className="w-full">
          <path
            d="M 10 62 A 50 50 0 0 1 110 62"
            pathLength={100}
            fill="none"
            strokeWidth={12}
            strokeLinecap="round"
            style={{ stroke: "var(--status-remaining)" }}
          />
          {inProgress > 0 ? (
            <path
              d="M 10 62 A 50 50 0 0 1 110 62"
              pathLength={100}
              fill="none"
              strokeWidth={12}
              strokeLinecap="round"
              strokeDasharray={`${Math.max(share * 100, 0.5)} 100`}
              style={{ stroke: tone }}
            />
          ) : null}
        </svg>
        <p className="absolute inset-x-0 bottom-0 text-center text-lg leading-none font-semibold tabular-nums">
          {formatCount(inProgress)}
          <span className="text-xs font-normal text-ink-muted"> / {formatCount(max)}</span>
        </p>
      </div>
      <figcaption className="max-w-56 text-center text-xs text-ink-muted">
        Jobs of this run queued or processing, against Klaviyo&apos;s limit of {formatCount(max)} per account. Jobs
        outside this run count toward the limit too and are not included.
      </figcaption>
    </figure>
  );
}
