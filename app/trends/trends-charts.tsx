"use client";

import type { ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useAccountRouter } from "@/components/account-link";
import { formatCount } from "@/lib/format";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { TrendDay, TrendErrorGroup, TrendsAnswer } from "@/lib/trends/answer";
import { jobsOfDaysHref } from "@/lib/trends/params";
import { TrendTable } from "./trend-table";

/** One colour per job type, readable on the light and the dark surface alike. */
const TYPE_COLOURS: Record<JobType, string> = {
  "item-create": "#2563eb",
  "item-update": "#0891b2",
  "item-delete": "#7c3aed",
  "variant-create": "#16a34a",
  "variant-update": "#65a30d",
  "variant-delete": "#ca8a04",
  "category-create": "#ea580c",
  "category-update": "#db2777",
  "category-delete": "#6b7280",
};
const GROUP_COLOURS = ["#dc2626", "#2563eb", "#ca8a04", "#7c3aed", "#0891b2", "#db2777"];

const tooltipStyle = {
  contentStyle: { background: "var(--surface)", border: "1px solid var(--line)", color: "var(--ink)", fontSize: 12 },
  labelStyle: { color: "var(--ink)" },
  cursor: { fill: "var(--surface-muted)" },
};
const axis = { stroke: "var(--ink-muted)", fontSize: 11 };
const shortDay = (day: string) => day.slice(5);

/** "2.67%", or "—" on a day without operations. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(2)}%`;
}

/** The name ops know a group by: its code and, when the pointer says, its field. */
export function groupLabel(group: Pick<TrendErrorGroup, "code" | "field">): string {
  return group.field ? `${group.code} · ${group.field}` : group.code;
}

function Figure({ id, caption, children }: { id: string; caption: ReactNode; children: ReactNode }) {
  return (
    <figure className="min-w-0 rounded-lg border border-line bg-surface p-3" data-testid={id}>
      <figcaption className="mb-2 text-sm font-medium">{caption}</figcaption>
      {children}
    </figure>
  );
}

function typeColumns(field: "jobs" | "operations") {
  return JOB_TYPES.map((type) => ({
    label: JOB_TYPE_INFO[type].label,
    value: (d: TrendDay) => formatCount(d.byType[type][field]),
  }));
}

export function TrendsCharts({ answer, tz }: { answer: TrendsAnswer; tz: TimeZoneChoice }) {
  const router = useAccountRouter();
  const days = answer.days;
  const dayHref = (day: string) => jobsOfDaysHref({ from: day, to: day }, tz, answer.zone);
  // A bar or point is a day: clicking it opens the jobs created that day (the tables' links do the same by keyboard).
  const openDay = (entry: unknown) => {
    const day = (entry as { payload?: { day?: string } } | null)?.payload?.day;
    if (day) router.push(dayHref(day));
  };
  const perType = (field: "jobs" | "operations") =>
    days.map((d) => ({ day: d.day, ...Object.fromEntries(JOB_TYPES.map((t) => [t, d.byType[t][field]])) }));
  const rates = days.map((d) => ({ day: d.day, rate: d.failureRate === null ? null : d.failureRate * 100 }));
  const inProgress = days.map((d) => ({ day: d.day, peak: d.inProgressPeak }));
  const groups = answer.errorGroups;
  const groupDays = days.map((d, i) => ({
    day: d.day,
    ...Object.fromEntries(groups.map((g, k) => [`g${k}`, g.perDay[i] ?? 0])),
  }));
  const typesUsed = JOB_TYPES.filter((t) => days.some((d) => d.byType[t].jobs > 0));
  const sampled = days.some((d) => d.inProgressPeak !== null);

  const stacked = (field: "jobs" | "operations") => (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={perType(field)} margin={{ left: 0, right: 8 }}>
        <CartesianGrid vertical={false} stroke="var(--line)" />
        <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
        <YAxis allowDecimals={false} width={48} {...axis} />
        <Tooltip {...tooltipStyle} />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {typesUsed.map((type) => (
          <Bar
            key={type}
            dataKey={type}
            name={JOB_TYPE_INFO[type].label}
            stackId={field}
            fill={TYPE_COLOURS[type]}
            isAnimationActive={false}
            onClick={openDay}
            className="cursor-pointer"
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Figure id="trend-jobs" caption="Jobs created per day, by type">
        {stacked("jobs")}
        <TrendTable
          caption="Jobs created per day, by type"
          days={days}
          dayHref={dayHref}
          columns={[{ label: "Jobs", value: (d) => formatCount(d.jobs) }, ...typeColumns("jobs")]}
        />
      </Figure>

      <Figure id="trend-operations" caption="Operations submitted per day, by type">
        {stacked("operations")}
        <TrendTable
          caption="Operations submitted per day (the jobs' total counts), by type"
          days={days}
          dayHref={dayHref}
          columns={[{ label: "Operations", value: (d) => formatCount(d.operations) }, ...typeColumns("operations")]}
        />
      </Figure>

      <Figure id="trend-failure-rate" caption="Failure rate per day: failed operations ÷ operations">
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rates} margin={{ left: 0, right: 8 }}>
            <CartesianGrid vertical={false} stroke="var(--line)" />
            <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
            <YAxis unit="%" width={48} {...axis} />
            <Tooltip {...tooltipStyle} formatter={(v) => (typeof v === "number" ? `${v.toFixed(2)}%` : "—")} />
            <Line
              dataKey="rate"
              name="Failure rate"
              stroke="var(--status-failed)"
              dot={{ r: 2 }}
              activeDot={{ r: 5, onClick: (_, point) => openDay(point) }}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
        <TrendTable
          caption="Failure rate per day"
          days={days}
          dayHref={dayHref}
          columns={[
            { label: "Operations", value: (d) => formatCount(d.operations) },
            { label: "Failed", value: (d) => formatCount(d.failed) },
            { label: "Failure rate", value: (d) => formatRate(d.failureRate) },
          ]}
        />
      </Figure>

      <Figure
        id="trend-in-progress"
        caption={`Jobs in progress, the day's peak, against Klaviyo's cap of ${answer.cap}`}
      >
        {sampled ? (
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={inProgress} margin={{ left: 0, right: 8 }}>
              <CartesianGrid vertical={false} stroke="var(--line)" />
              <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
              <YAxis allowDecimals={false} width={48} domain={[0, answer.cap]} {...axis} />
              <Tooltip {...tooltipStyle} />
              <ReferenceLine
                y={answer.cap}
                stroke="var(--danger)"
                strokeDasharray="4 4"
                label={{
                  value: `cap ${answer.cap}`,
                  fill: "var(--ink-muted)",
                  fontSize: 11,
                  position: "insideTopRight",
                }}
              />
              <Line
                dataKey="peak"
                name="Peak in progress"
                stroke="var(--status-processing)"
                dot={{ r: 2 }}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="text-sm text-ink-muted">
            No samples in this range: the collector counts the jobs in progress after each pass, from the day it first
            ran with this release.
          </p>
        )}
        <TrendTable
          caption={`Jobs in progress, the day's peak, against the cap of ${answer.cap}`}
          days={days}
          dayHref={dayHref}
          columns={[
            {
              label: "Peak in progress",
              value: (d) => (d.inProgressPeak === null ? "—" : formatCount(d.inProgressPeak)),
            },
            {
              label: "Of the cap",
              value: (d) => (d.inProgressPeak === null ? "—" : `${Math.round((d.inProgressPeak / answer.cap) * 100)}%`),
            },
          ]}
        />
      </Figure>

      <div className="lg:col-span-2">
        <Figure id="trend-error-groups" caption="The largest error groups, entries per day">
          {groups.length === 0 ? (
            <p className="text-sm text-ink-muted">No error entries in this range.</p>
          ) : (
            <>
              <ul className="mb-2 flex flex-wrap gap-2 text-xs" aria-label="Error groups charted">
                {groups.map((g, k) => (
                  <li key={g.key} className="flex items-center gap-1.5 rounded border border-line px-2 py-1">
                    <span aria-hidden className="h-2 w-2 rounded-sm" style={{ background: GROUP_COLOURS[k] }} />
                    <span className="font-medium">{groupLabel(g)}</span>
                    <span className="text-ink-muted">{g.title}</span>
                    <span className="tabular-nums">{formatCount(g.entries)}</span>
                    {g.isNew ? (
                      <span className="rounded bg-danger-soft px-1 font-semibold text-danger" data-testid="new-group">
                        new
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
              <ResponsiveContainer width="100%" height={220}>
                <BarChart data={groupDays} margin={{ left: 0, right: 8 }}>
                  <CartesianGrid vertical={false} stroke="var(--line)" />
                  <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
                  <YAxis allowDecimals={false} width={48} {...axis} />
                  <Tooltip {...tooltipStyle} />
                  {groups.map((g, k) => (
                    <Bar
                      key={g.key}
                      dataKey={`g${k}`}
                      name={`${groupLabel(g)}${g.isNew ? " (new)" : ""}`}
                      fill={GROUP_COLOURS[k]}
                      stackId="groups"
                      isAnimationActive={false}
                      onClick={openDay}
                      className="cursor-pointer"
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
              <p className="mt-1 text-xs text-ink-muted">
                “New”: not seen from {answer.previous.from} to {answer.previous.to}, the span of the same length before.
                {answer.otherErrorGroups > 0
                  ? ` ${formatCount(answer.otherErrorGroups)} smaller groups are not charted.`
                  : ""}
              </p>
            </>
          )}
          <TrendTable
            caption="Error entries per day, by group"
            days={days}
            dayHref={dayHref}
            columns={groups.map((g, k) => ({
              label: `${groupLabel(g)}${g.isNew ? " (new)" : ""}`,
              value: (d: TrendDay) => formatCount(g.perDay[days.indexOf(d)] ?? 0),
              key: `g${k}`,
            }))}
          />
        </Figure>
      </div>
    </div>
  );
}
