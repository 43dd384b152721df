"use client";

import { type ReactNode, useMemo, useState } from "react";
import { useTimeZone } from "@/components/clock";
import { formatClock, formatCount, formatExact } from "@/lib/format";
import { MIN_CHART_BUCKETS, niceTicks, runThroughput, type ThroughputBucket } from "@/lib/runs/throughput";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { JobRow } from "@/lib/types";

/*
 * Two small charts drawn with HTML and one SVG path rather than a chart library: a run page is the
 * largest page of the dashboard, and a library chart's first render (text measurement, layout
 * passes) cost it hundreds of milliseconds of blocked main thread. These render on the server with
 * the rest of the page and weigh a few KiB.
 */

const PLOT_HEIGHT = "h-40";
const MAX_X_LABELS = 7;

/** Progress and throughput of one run over time, from its jobs' completion times. */
export function RunCharts({ jobs, tz }: { jobs: JobRow[]; tz: TimeZoneChoice }) {
  const zone = useTimeZone(tz);
  const { buckets, bucketMs, inFlight } = useMemo(() => runThroughput(jobs), [jobs]);
  if (buckets.length === 0)
    return <p className="text-sm text-ink-muted">No job of this run has a creation time yet.</p>;

  const per = `${Math.round(bucketMs / 60_000)} min`;
  const from = (b: ThroughputBucket) => formatClock(Date.parse(b.at), zone);
  const until = (b: ThroughputBucket) => formatClock(Date.parse(b.at) + bucketMs, zone);
  const span = (b: ThroughputBucket) => `${from(b)}–${until(b)}`;
  const last = buckets[buckets.length - 1]!;
  if (buckets.length < MIN_CHART_BUCKETS)
    return <RunFigures buckets={buckets} per={per} span={span} inFlight={inFlight} />;
  const busiest = buckets.reduce((best, b) => (b.completed + b.failed > best.completed + best.failed ? b : best));
  const barTicks = niceTicks(Math.max(1, busiest.completed + busiest.failed));

  return (
    <div className="space-y-2">
      <div className="grid gap-4 md:grid-cols-2">
        <figure className="rounded-lg border border-line bg-surface p-3" data-testid="progress-chart">
          <figcaption className="mb-2 text-sm font-medium">Operations finished so far, % of the run</figcaption>
          <Plot
            label={`${last.percent}% of the run's operations finished by ${until(last)}`}
            ticks={[0, 25, 50, 75, 100]}
            unit="%"
            buckets={buckets}
            xLabel={from}
            tooltip={(b) => (
              <>
                <p className="font-medium">By {until(b)}</p>
                <p>
                  {b.percent}% · {formatCount(b.cumulative)} operations
                </p>
              </>
            )}
          >
            <StepArea values={buckets.map((b) => b.percent)} />
          </Plot>
          <InFlightNote inFlight={inFlight} />
        </figure>
        <figure className="rounded-lg border border-line bg-surface p-3" data-testid="throughput-chart">
          <figcaption className="mb-2 text-sm font-medium">
            Throughput: operations finished per {per}, by job completion
          </figcaption>
          <Plot
            label={`At most ${formatCount(busiest.completed + busiest.failed)} operations finished in one ${per}, from ${from(busiest)}`}
            ticks={barTicks}
            buckets={buckets}
            xLabel={from}
            tooltip={(b) => (
              <>
                <p className="font-medium">{span(b)}</p>
                <p>
                  <Swatch color="var(--status-complete)" />
                  Completed {formatCount(b.completed)}
                </p>
                <p>
                  <Swatch color="var(--status-failed)" />
                  Failed {formatCount(b.failed)}
                </p>
              </>
            )}
          >
            <StackedBars buckets={buckets} max={barTicks[barTicks.length - 1]!} />
          </Plot>
          <p className="mt-1 flex justify-center gap-4 text-xs text-ink-muted">
            <span>
              <Swatch color="var(--status-complete)" />
              Completed
            </span>
            <span>
              <Swatch color="var(--status-failed)" />
              Failed
            </span>
          </p>
        </figure>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-accent underline-offset-2 hover:underline">
          The charts&apos; figures as a table
        </summary>
        <div className="mt-2 max-h-80 overflow-auto rounded-lg border border-line bg-surface">
          <table className="w-full text-left text-sm tabular-nums" data-testid="run-chart-table">
            <caption className="sr-only">
              Operations finished per {per}, in jobs that completed in each interval
            </caption>
            <thead className="bg-surface-muted text-xs tracking-wide text-ink-muted uppercase">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Interval
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Completed
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Failed
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  Finished so far
                </th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b) => (
                <tr key={b.at} className="border-t border-line">
                  <th scope="row" className="px-3 py-1 font-normal" title={formatExact(b.at, zone)}>
                    {span(b)}
                  </th>
                  <td className="px-3 py-1">{formatCount(b.completed)}</td>
                  <td className="px-3 py-1">{formatCount(b.failed)}</td>
                  <td className="px-3 py-1">
                    {formatCount(b.cumulative)} ({b.percent}%)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

function InFlightNote({ inFlight }: { inFlight: number }) {
  if (inFlight === 0) return null;
  return (
    <p className="mt-1 text-xs text-ink-muted">
      Plus {formatCount(inFlight)} operations done in jobs still running: Klaviyo reports no time for those until their
      job completes.
    </p>
  );
}

/**
 * A run whose jobs all finished within one or two intervals: a chart of one or two bars says less than
 * its figures do, so they are written out, interval by interval.
 */
function RunFigures({
  buckets,
  per,
  span,
  inFlight,
}: {
  buckets: ThroughputBucket[];
  per: string;
  span: (bucket: ThroughputBucket) => string;
  inFlight: number;
}) {
  return (
    <div className="space-y-2 rounded-lg border border-line bg-surface p-4 text-sm" data-testid="run-figures">
      <p className="text-ink-muted">Operations finished per {per}, by job completion: too short a run to chart.</p>
      <ul className="space-y-1">
        {buckets.map((b) => (
          <li key={b.at} className="tabular-nums" data-ops={b.completed + b.failed}>
            <span className="font-medium">{span(b)}</span>: {formatCount(b.completed)} completed,{" "}
            <span className={b.failed > 0 ? "font-semibold text-status-failed" : ""}>
              {formatCount(b.failed)} failed
            </span>
            <span className="text-ink-muted"> · {b.percent}% of the run&apos;s operations finished by then</span>
          </li>
        ))}
      </ul>
      <InFlightNote inFlight={inFlight} />
    </div>
  );
}

function Swatch({ color }: { color: string }) {
  return (
    <span aria-hidden className="mr-1.5 inline-block h-2 w-2 rounded-sm align-middle" style={{ background: color }} />
  );
}

/**
 * Axes, grid lines, time labels and a hover read-out around one plot. Each bucket is a column of
 * equal width; the plot itself is drawn by `children` over the same columns. The plot is one image
 * for screen readers (`label`); its figures are in the table below the charts.
 */
function Plot({
  label,
  ticks,
  unit = "",
  buckets,
  xLabel,
  tooltip,
  children,
}: {
  label: string;
  ticks: number[];
  unit?: string;
  buckets: ThroughputBucket[];
  xLabel: (bucket: ThroughputBucket) => string;
  tooltip: (bucket: ThroughputBucket) => ReactNode;
  children: ReactNode;
}) {
  const [hovered, setHovered] = useState<number | null>(null);
  const max = ticks[ticks.length - 1]!;
  const n = buckets.length;
  const every = Math.ceil(n / MAX_X_LABELS);
  const shown = hovered === null ? null : buckets[hovered];
  return (
    <div className="grid grid-cols-[2.75rem_1fr] text-[11px] text-ink-muted">
      <div aria-hidden className={`relative ${PLOT_HEIGHT}`}>
        {ticks.map((t) => (
          <span
            key={t}
            className="absolute right-1.5 translate-y-1/2 tabular-nums"
            style={{ bottom: `${(t / max) * 100}%` }}
          >
            {formatCount(t)}
            {unit}
          </span>
        ))}
      </div>
      <div role="img" aria-label={label} className={`relative ${PLOT_HEIGHT} border-b border-l border-ink-muted/60`}>
        {ticks.slice(1).map((t) => (
          <div
            key={t}
            aria-hidden
            className="absolute inset-x-0 border-t border-line"
            style={{ bottom: `${(t / max) * 100}%` }}
          />
        ))}
        {children}
        <div aria-hidden className="absolute inset-0 flex" onMouseLeave={() => setHovered(null)}>
          {buckets.map((b, i) => (
            <div
              key={b.at}
              className={`flex-1 ${hovered === i ? "bg-ink/10" : ""}`}
              onMouseEnter={() => setHovered(i)}
            />
          ))}
        </div>
        {shown ? (
          <div
            aria-hidden
            className="pointer-events-none absolute top-1 z-10 w-max rounded-md border border-line bg-surface px-2 py-1 text-xs text-ink shadow-lg"
            style={
              hovered! < n / 2
                ? { left: `${((hovered! + 1) / n) * 100}%` }
                : { right: `${((n - hovered!) / n) * 100}%` }
            }
          >
            {tooltip(shown)}
          </div>
        ) : null}
      </div>
      <div />
      <div aria-hidden className="relative h-5">
        {buckets.map((b, i) =>
          i % every === 0 ? (
            <span
              key={b.at}
              className="absolute top-1 -translate-x-1/2 tabular-nums"
              style={{ left: `${(i / n) * 100}%` }}
            >
              {xLabel(b)}
            </span>
          ) : null,
        )}
      </div>
    </div>
  );
}

/** A share (0..100) per column, as a filled step line: each column holds its value across its width. */
function StepArea({ values }: { values: number[] }) {
  const n = values.length;
  const top = values.map((v, i) => `L${i},${100 - v}L${i + 1},${100 - v}`).join("");
  return (
    <svg aria-hidden viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" className="absolute inset-0 h-full w-full">
      <path d={`M0,100${top}L${n},100Z`} style={{ fill: "var(--status-complete)" }} fillOpacity={0.2} />
      <path
        d={`M0,${100 - (values[0] ?? 0)}${top}`}
        fill="none"
        style={{ stroke: "var(--status-complete)" }}
        strokeWidth={1.5}
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

/** Completed (below) and failed (above) operations per column, against `max`. */
function StackedBars({ buckets, max }: { buckets: ThroughputBucket[]; max: number }) {
  const gap = buckets.length <= 60 ? "gap-px px-px" : "";
  return (
    <div aria-hidden className={`absolute inset-0 flex items-end ${gap}`} data-testid="throughput-bars">
      {buckets.map((b) => (
        <div key={b.at} className="flex h-full flex-1 flex-col justify-end" data-ops={b.completed + b.failed}>
          <div className="bg-status-failed" style={{ height: `${(b.failed / max) * 100}%` }} />
          <div className="bg-status-complete" style={{ height: `${(b.completed / max) * 100}%` }} />
        </div>
      ))}
    </div>
  );
}
