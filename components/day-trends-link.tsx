"use client";

import { Link } from "@/components/account-link";
import { formatDay } from "@/lib/format";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { trendsHref } from "@/lib/trends/params";
import { useTimeZone } from "./clock";

/** A link to the trends of the day an instant falls on, in the view's zone (the run page's "that day's trends"). */
export function DayTrendsLink({ at, tz, className }: { at: number; tz: TimeZoneChoice; className?: string }) {
  const day = formatDay(at, useTimeZone(tz));
  return (
    <Link href={trendsHref({ from: day, to: day }, tz)} className={className}>
      Trends of {day}
    </Link>
  );
}
