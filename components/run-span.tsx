"use client";

import { formatExact } from "@/lib/format";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { useTimeZone } from "./clock";

/** "2026-11-28 14:03:11 UTC – 14:09:52": the second half drops what it shares with the first. */
export function RunSpan({ from, to, tz }: { from: string; to: string; tz: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  const start = formatExact(from, zone);
  const end = formatExact(to, zone);
  const sameDay = start.slice(0, 10) === end.slice(0, 10);
  return (
    <span className="tabular-nums">
      <time dateTime={from}>{start}</time>
      {" – "}
      <time dateTime={to}>{sameDay ? end.slice(11, 19) : end}</time>
    </span>
  );
}
