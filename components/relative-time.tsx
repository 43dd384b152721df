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
