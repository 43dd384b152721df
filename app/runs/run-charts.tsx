"use client";

import { useMemo } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZone } from "@/components/clock";
import { formatCount, formatExact } from "@/lib/format";
import { runThroughput } from "@/lib/runs-throughput";
import type { TimeZoneChoice } from "@/lib/list-view";
import type { Job } from "@/lib/types";

const tooltipStyle = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--line)", color: "var(--ink)", fontSize: 12 },
  labelStyle: { color: "var(--ink)" },
  cursor: { fill: "var(--surface-muted)" },
};
const axis = { stroke: "var(--ink-muted)", fontSize: 11 };

/** Progress and throughput of one run over time, from its jobs' completion times (loaded lazily). */
export default function RunCharts({ jobs, tz }: { jobs: Job[]; tz: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  const { buckets, bucketMs, inFlight } = useMemo(() => runThroughput(jobs), [jobs]);
  const tick = useMemo(() => {
    const format = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone });
    return (iso: string) => format.format(new Date(iso));
  }, [zone]);
  const label = (iso: unknown) => formatExact(String(iso), zone);
  const per = `${Math.round(bucketMs / 60_000)} min`;

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <figure className="rounded-lg border border-line bg-surface p-3" data-testid="progress-chart">
        <figcaption className="mb-2 text-sm font-medium">Operations finished so far, % of the run</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <AreaChart data={buckets} margin={{ left: 0, right: 16 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="at" tickFormatter={tick} minTickGap={24} {...axis} />
            <YAxis domain={[0, 100]} unit="%" width={44} {...axis} />
            <Tooltip {...tooltipStyle} labelFormatter={label} formatter={(v) => [`${String(v)}%`, "Finished"]} />
            <Area type="stepAfter" dataKey="percent" name="Finished" stroke="var(--status-complete)" fill="var(--status-complete)" fillOpacity={0.2} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
        {inFlight > 0 ? (
          <p className="mt-1 text-xs text-ink-muted">
            Plus {formatCount(inFlight)} operations done in jobs still running: Klaviyo reports no time for those until
            their job completes.
          </p>
        ) : null}
      </figure>
      <figure className="rounded-lg border border-line bg-surface p-3" data-testid="throughput-chart">
        <figcaption className="mb-2 text-sm font-medium">Throughput: operations finished per {per}, by job completion</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={buckets} margin={{ left: 0, right: 16 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="at" tickFormatter={tick} minTickGap={24} {...axis} />
            <YAxis allowDecimals={false} width={44} {...axis} />
            <Tooltip {...tooltipStyle} labelFormatter={label} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="completed" name="Completed" stackId="ops" fill="var(--status-complete)" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="ops" fill="var(--status-failed)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
