"use client";

import { formatExact, formatRelative } from "@/lib/format";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { TABLE_CLOCK_STEP_MS, useNow, useTimeZone } from "./clock";

/** "3 min. ago", with the exact time (in the chosen zone) on hover and for screen readers. */
export function RelativeTime({
  iso,
  tz = "local",
  stepMs = TABLE_CLOCK_STEP_MS,
  className = "",
}: {
  iso: string | null;
  tz?: TimeZoneChoice;
  /** how often the text may change; a coarse step keeps big tables from re-rendering every second */
  stepMs?: number;
  /** added to the element shown, the time or the dash */
  className?: string;
}) {
  const now = useNow(stepMs);
  const zone = useTimeZone(tz);
  if (!iso) return <span className={`text-ink-muted ${className}`}>—</span>;
  const exact = formatExact(iso, zone);
  return (
    <time
      dateTime={iso}
      title={exact}
      aria-label={`${formatRelative(iso, now)}, ${exact}`}
      className={`whitespace-nowrap ${className}`}
    >
      {formatRelative(iso, now)}
    </time>
  );
}

export function ExactTime({ iso, tz = "local" }: { iso: string | null; tz?: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  if (!iso) return <span className="text-ink-muted">—</span>;
  return (
    <time dateTime={iso} className="whitespace-nowrap tabular-nums">
      {formatExact(iso, zone)}
    </time>
  );
}

/**
 * "3 min. ago" over "2026-11-28 09:03 EST": the relative time, and under it the exact time to the
 * minute in the chosen zone, so the Local / UTC choice shows. Screen readers hear the relative time's
 * own label (which holds the exact time to the second), once.
 */
export function RelativeAndExactTime({
  iso,
  tz = "local",
  className = "",
}: {
  iso: string | null;
  tz?: TimeZoneChoice;
  className?: string;
}) {
  const zone = useTimeZone(tz);
  if (!iso) return <RelativeTime iso={null} className={className} />;
  return (
    <span className="inline-flex flex-col">
      <RelativeTime iso={iso} tz={tz} className={className} />
      <span aria-hidden className="text-xs whitespace-nowrap text-ink-muted tabular-nums">
        {formatExact(iso, zone).replace(/^(\S+ \d\d:\d\d):\d\d/, "$1")}
      </span>
    </span>
  );
}
