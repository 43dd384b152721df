"use client";

import { Link } from "@/components/account-link";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { trendsHref } from "@/lib/trends/params";
import { useTimeZone } from "./clock";

/** A link to the trends of the day an instant falls on, in the view's zone (the run page's "that day's trends"). */
export function DayTrendsLink({ at, tz, className }: { at: number; tz: TimeZoneChoice; className?: string }) {
  const zone = useTimeZone(tz);
  const day = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
  return (
    <Link href={trendsHref({ from: day, to: day }, tz)} className={className}>
      Trends of {day}
    </Link>
  );
}
