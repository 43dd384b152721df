"use client";

import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/clock";
import { formatClock, formatExact } from "@/lib/format";
import { itemsByHourCreated, statusBreakdown } from "@/lib/jobs/stats";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { Job } from "@/lib/types";

const STATUS_COLOURS: Record<string, string> = {
  queued: "var(--status-queued)",
  processing: "var(--status-processing)",
  complete: "var(--status-complete)",
  cancelled: "var(--status-cancelled)",
};

const tooltipStyle = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--line)", color: "var(--ink)", fontSize: 12 },
  labelStyle: { color: "var(--ink)" },
  cursor: { fill: "var(--surface-muted)" },
};
const axis = { stroke: "var(--ink-muted)", fontSize: 11 };

/** Charts of the loaded page of jobs (the API has no aggregates: these are this page only). */
export default function JobCharts({ jobs, tz }: { jobs: Job[]; tz: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  const statuses = statusBreakdown(jobs);
  const hours = itemsByHourCreated(jobs, zone);
  // "local time, EST": the zone's short name, as the exact times in the table end.
  const zoneName =
    zone === "UTC" ? "UTC" : `local time, ${formatExact(new Date().toISOString(), zone).split(" ").at(-1)}`;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <figure className="rounded-lg border border-line bg-surface p-3" data-testid="status-chart">
        <figcaption className="mb-2 text-sm font-medium">Jobs on this page by status</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={statuses} layout="vertical" margin={{ left: 16, right: 16 }}>
            <CartesianGrid horizontal={false} stroke="var(--line)" />
            <XAxis type="number" allowDecimals={false} {...axis} />
            <YAxis type="category" dataKey="status" width={80} {...axis} />
            <Tooltip {...tooltipStyle} />
            <Bar dataKey="jobs" name="Jobs" isAnimationActive={false}>
              {statuses.map((s) => (
                <Cell key={s.status} fill={STATUS_COLOURS[s.status] ?? "var(--ink-muted)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="rounded-lg border border-line bg-surface p-3" data-testid="hour-chart">
        <figcaption className="mb-2 text-sm font-medium">
          Items completed and failed, by hour created ({zoneName})
        </figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={hours} margin={{ left: 0, right: 16 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="hour" tickFormatter={(h: string) => formatClock(Date.parse(h), zone)} {...axis} />
            <YAxis allowDecimals={false} {...axis} />
            <Tooltip {...tooltipStyle} labelFormatter={(h) => formatExact(String(h), zone)} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="completed"
              name="Completed"
              stackId="items"
              fill="var(--status-complete)"
              isAnimationActive={false}
            />
            <Bar dataKey="failed" name="Failed" stackId="items" fill="var(--status-failed)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
