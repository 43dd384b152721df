"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock } from "@/lib/format";
import type { ProgressSample } from "@/lib/jobs/throughput";

const tooltipStyle = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--line)", color: "var(--ink)", fontSize: 12 },
  labelStyle: { color: "var(--ink)" },
};
const axis = { stroke: "var(--ink-muted)", fontSize: 11 };

/**
 * Completed and failed counts as this page saw them. Loaded on demand (next/dynamic, no SSR): Recharts
 * is the heaviest thing on the page and only matters once there are two reads to draw a line between.
 */
export default function ProgressChart({
  samples,
  total,
  zone,
}: {
  samples: readonly ProgressSample[];
  total: number;
  /** the page's zone for times (undefined: the browser's) */
  zone: string | undefined;
}) {
  // The page's 24-hour clock, with seconds: the samples are seconds apart.
  const clock = (at: number) => formatClock(at, zone, { seconds: true });
  const data = samples.map((s) => ({ at: s.at, completed: s.completed, failed: s.failed }));
  return (
    <figure className="rounded-lg border border-line bg-surface p-3" data-testid="progress-chart">
      <figcaption className="mb-2 text-sm font-medium">Completed and failed since you opened this page</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ left: 0, right: 16, top: 4, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--line)" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tickFormatter={clock}
            minTickGap={32}
            {...axis}
          />
          <YAxis allowDecimals={false} domain={[0, Math.max(1, total)]} width={40} {...axis} />
          <Tooltip {...tooltipStyle} labelFormatter={(at) => clock(Number(at))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            type="linear"
            dataKey="completed"
            name="Completed"
            stroke="var(--status-complete)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="failed"
            name="Failed"
            stroke="var(--status-failed)"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
