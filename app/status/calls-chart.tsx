"use client";

import { useTimeZone } from "@/components/clock";
import { formatClock, formatCount } from "@/lib/format";
import type { MinuteCalls } from "@/lib/status/report";
import type { TimeZoneChoice } from "@/lib/time-zone";

/*
 * Calls per minute over the last hour, people's stacked on background work's: the one trend the page
 * shows. Plain HTML bars, as the run charts do (no chart library's layout work on a page that redraws
 * every five seconds).
 */
export function CallsChart({ minutes, tz }: { minutes: MinuteCalls[]; tz: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  const busiest = Math.max(0, ...minutes.map((m) => m.person + m.background));
  const peak = Math.max(1, busiest);
  const total = minutes.reduce(
    (sum, m) => ({ person: sum.person + m.person, background: sum.background + m.background }),
    { person: 0, background: 0 },
  );
  const first = minutes[0];
  const last = minutes.at(-1);
  const clock = (m: MinuteCalls | undefined) => (m ? formatClock(Date.parse(m.at), zone) : "");
  return (
    <figure className="rounded-lg border border-line bg-surface p-3">
      <figcaption className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">Calls per minute, last hour</span>
        <span className="flex items-center gap-1 text-xs text-ink-muted">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm bg-accent" /> people{" "}
          {formatCount(total.person)}
        </span>
        <span className="flex items-center gap-1 text-xs text-ink-muted">
          <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm bg-status-queued" /> background{" "}
          {formatCount(total.background)}
        </span>
        <span className="text-xs text-ink-muted">busiest minute {formatCount(busiest)}</span>
      </figcaption>
      <div
        role="img"
        aria-label={`${formatCount(total.person)} calls for people and ${formatCount(total.background)} for background work in the last hour`}
        className="mt-3 flex h-24 items-end gap-px"
      >
        {minutes.map((m) => (
          <div
            key={m.at}
            className="flex h-full min-w-0 flex-1 flex-col justify-end"
            title={`${clock(m)}: ${m.person} people, ${m.background} background${m.throttled ? `, ${m.throttled} answered 429` : ""}`}
          >
            <div className="bg-accent" style={{ height: `${(m.person / peak) * 100}%` }} />
            <div className="bg-status-queued" style={{ height: `${(m.background / peak) * 100}%` }} />
          </div>
        ))}
      </div>
      <div aria-hidden className="mt-1 flex justify-between text-xs text-ink-muted tabular-nums">
        <span>{clock(first)}</span>
        <span>{clock(last)}</span>
      </div>
    </figure>
  );
}
