"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Anchor, Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { PendingHint } from "@/components/pending-hint";
import { RunSpan } from "@/components/run-span";
import { SlowNotice } from "@/components/slow-notice";
import { buttonClass } from "@/components/ui/button";
import { formatCount, formatDuration } from "@/lib/format";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { compareExportUrl, compareQuery } from "@/lib/queries/runs";
import { useShownError } from "@/lib/queries/use-shown-error";
import type { CompareAnswer, GroupChange, RunComparison, RunFigures } from "@/lib/runs/compare";
import { compareHref, type RunName } from "@/lib/runs/compare-params";
import { runHref, runsListHref } from "@/lib/runs/params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { ReadFrom } from "../run-bits";

type Query = { a: RunName; b: RunName; gapMinutes: number };

const iso = (ms: number) => new Date(ms).toISOString();
const rate = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)} %`);
const pace = (value: number | null) => (value === null ? "—" : `${formatCount(Math.round(value))}/min`);
const signed = (value: number, text: string) =>
  value > 0 ? `+${text}` : value < 0 ? `−${text.replace(/^-/, "")}` : "±0";

/** A change, coloured by whether it is worse (danger) or better (ok) for the sync. */
function Delta({ value, text, worseWhen }: { value: number | null; text: string; worseWhen: "up" | "down" | null }) {
  if (value === null) return <span className="text-ink-muted">—</span>;
  const worse = worseWhen !== null && value !== 0 && (worseWhen === "up" ? value > 0 : value < 0);
  const better = worseWhen !== null && value !== 0 && !worse;
  return (
    <span
      className={worse ? "font-semibold text-danger" : better ? "text-status-complete" : "text-ink-muted"}
      data-direction={worse ? "worse" : better ? "better" : "same"}
    >
      {signed(value, text)}
      {worse ? <span className="sr-only"> (worse)</span> : better ? <span className="sr-only"> (better)</span> : null}
    </span>
  );
}

const cell = "px-2 py-2 text-right tabular-nums sm:px-3";
const head = "px-2 py-2 text-right font-medium sm:px-3";

function Table({ caption, first, children }: { caption: string; first: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full text-sm">
        <caption className="px-3 pt-3 text-left font-semibold">{caption}</caption>
        <thead className="text-ink-muted">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium sm:px-3">
              {first}
            </th>
            <th scope="col" className={head}>
              Before
            </th>
            <th scope="col" className={head}>
              This run
            </th>
            <th scope="col" className={head}>
              Change
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function FigureRow({
  label,
  a,
  b,
  delta,
  id,
}: {
  label: string;
  a: ReactNode;
  b: ReactNode;
  delta: ReactNode;
  id: string;
}) {
  return (
    <tr className="border-t border-line" data-figure={id}>
      <th scope="row" className="px-2 py-2 text-left font-medium sm:px-3">
        {label}
      </th>
      <td className={cell} data-side="a">
        {a}
      </td>
      <td className={cell} data-side="b">
        {b}
      </td>
      <td className={cell} data-side="change">
        {delta}
      </td>
    </tr>
  );
}

function Figures({ c }: { c: RunComparison }) {
  const { a, b, delta } = c;
  const duration = (f: RunFigures) => `${formatDuration(f.durationMs)}${f.finished ? "" : " so far"}`;
  return (
    <Table caption="The runs side by side" first="Figure">
      <FigureRow
        id="jobs"
        label="Jobs"
        a={formatCount(a.jobCount)}
        b={formatCount(b.jobCount)}
        delta={<Delta value={delta.jobCount} text={formatCount(delta.jobCount)} worseWhen={null} />}
      />
      <FigureRow
        id="operations"
        label="Operations"
        a={formatCount(a.operations)}
        b={formatCount(b.operations)}
        delta={<Delta value={delta.operations} text={formatCount(delta.operations)} worseWhen={null} />}
      />
      <FigureRow
        id="failed"
        label="Failed operations"
        a={formatCount(a.failed)}
        b={formatCount(b.failed)}
        delta={<Delta value={delta.failed} text={formatCount(delta.failed)} worseWhen="up" />}
      />
      <FigureRow
        id="failure-rate"
        label="Failure rate (of processed operations)"
        a={rate(a.failureRate)}
        b={rate(b.failureRate)}
        delta={
          <Delta
            value={delta.failureRatePoints === null ? null : Number(delta.failureRatePoints.toFixed(1))}
            text={`${Math.abs(delta.failureRatePoints ?? 0).toFixed(1)} pts`}
            worseWhen="up"
          />
        }
      />
      <FigureRow
        id="duration"
        label="Duration"
        a={duration(a)}
        b={duration(b)}
        delta={
          <Delta
            value={Math.round(delta.durationMs / 1000)}
            text={formatDuration(Math.abs(delta.durationMs))}
            worseWhen="up"
          />
        }
      />
      <FigureRow
        id="pace"
        label="Pace (operations processed)"
        a={pace(a.perMinute)}
        b={pace(b.perMinute)}
        delta={
          <Delta
            value={delta.perMinute === null ? null : Math.round(delta.perMinute)}
            text={`${formatCount(Math.abs(Math.round(delta.perMinute ?? 0)))}/min`}
            worseWhen="down"
          />
        }
      />
    </Table>
  );
}

const CHANGE_LABEL: Record<GroupChange, string> = {
  new: "New",
  grown: "Grown",
  shrunk: "Shrunk",
  same: "Same",
  gone: "Gone",
};
const CHANGE_TONE: Record<GroupChange, string> = {
  new: "border-danger bg-danger-soft text-danger font-semibold",
  grown: "border-danger text-danger",
  shrunk: "border-line text-status-complete",
  same: "border-line text-ink-muted",
  gone: "border-line text-status-complete",
};

function ErrorGroups({ c }: { c: RunComparison }) {
  if (c.groups.length === 0) return <p className="text-sm text-ink-muted">Neither run has a failed entry.</p>;
  return (
    <Table caption="Error groups (failed entries by code and field)" first="Group">
      {c.groups.map((group) => (
        <tr key={group.key} className="border-t border-line" data-group={group.key} data-change={group.change}>
          <th scope="row" className="px-2 py-2 text-left font-normal sm:px-3">
            <span className="font-mono text-xs">{group.code}</span>
            {group.field ? <span className="text-ink-muted"> · {group.field}</span> : null}
            <span className="block text-xs text-ink-muted">{group.title}</span>
          </th>
          <td className={cell}>{formatCount(group.a)}</td>
          <td className={cell}>{formatCount(group.b)}</td>
          <td className={cell}>
            <span className={`inline-block rounded-full border px-2 py-0.5 text-xs ${CHANGE_TONE[group.change]}`}>
              {CHANGE_LABEL[group.change]}
            </span>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Types({ c }: { c: RunComparison }) {
  return (
    <Table caption="Jobs per type" first="Type">
      {c.types.map((row) => (
        <FigureRow
          key={row.type}
          id={`type-${row.type}`}
          label={JOB_TYPE_INFO[row.type].label}
          a={formatCount(row.a)}
          b={formatCount(row.b)}
          delta={<Delta value={row.b - row.a} text={formatCount(row.b - row.a)} worseWhen={null} />}
        />
      ))}
    </Table>
  );
}

function Side({ label, run, gapMinutes, tz }: { label: string; run: RunName; gapMinutes: number; tz: TimeZoneChoice }) {
  return (
    <div className="rounded-lg border border-line bg-surface px-3 py-2">
      <p className="text-xs text-ink-muted">{label}</p>
      <Link
        href={runHref(run.from, run.to, gapMinutes, tz)}
        className="text-sm text-accent underline-offset-2 hover:underline"
      >
        <RunSpan from={iso(run.from)} to={iso(run.to)} tz={tz} />
        <PendingHint />
      </Link>
    </div>
  );
}

function Reads({ answer, tz }: { answer: CompareAnswer; tz: TimeZoneChoice }) {
  return (
    <p className="text-xs text-ink-muted">
      Before
      <ReadFrom answer={answer.reads.a} tz={tz} />. This run
      <ReadFrom answer={answer.reads.b} tz={tz} />.
    </p>
  );
}

export function CompareView({ query, tz }: { query: Query; tz: TimeZoneChoice }) {
  const result = useQuery(compareQuery(query));
  const { data, isPending, isFetching, refetch } = result;
  const error = useShownError(compareQuery(query).queryKey, result);
  const c = data?.comparison ?? null;
  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={runsListHref(tz)} className="text-accent underline-offset-2 hover:underline">
          ← Sync runs
          <PendingHint />
        </Link>
      </nav>
      <div className="space-y-3">
        <h1 className="text-xl font-semibold">Run against run</h1>
        <div className="grid gap-3 sm:grid-cols-2">
          <Side label="Before (a)" run={query.a} gapMinutes={query.gapMinutes} tz={tz} />
          <Side label="This run (b)" run={query.b} gapMinutes={query.gapMinutes} tz={tz} />
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Link
            href={compareHref(query.a, query.b, query.gapMinutes, tz)}
            className="text-accent underline-offset-2 hover:underline"
          >
            Swap the runs
          </Link>
          <Link
            href={compareHref(query.a, null, query.gapMinutes, tz)}
            className="text-accent underline-offset-2 hover:underline"
          >
            Compare “before” with the run before it
          </Link>
          {c ? (
            <span className="flex gap-2" role="group" aria-label="Export the comparison">
              {(["csv", "json"] as const).map((format) => (
                <Anchor
                  key={format}
                  href={compareExportUrl(query, format)}
                  download
                  className={buttonClass({ size: "sm" })}
                >
                  Export {format.toUpperCase()}
                </Anchor>
              ))}
            </span>
          ) : null}
        </div>
        {data ? <Reads answer={data} tz={tz} /> : null}
      </div>

      {error ? (
        <ErrorState error={error} onRetry={() => refetch()} retrying={isFetching} compact={Boolean(data)} />
      ) : null}
      {isPending && !error ? <SlowNotice what="both runs' jobs" /> : null}

      {data && !c ? (
        <p role="note" className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm">
          {data.empty.map((side) => (side === "a" ? "The run before" : "This run")).join(" and ")} holds no job that
          Klaviyo or the job history still has: there is nothing to compare.
        </p>
      ) : null}
      {c ? (
        <>
          <Figures c={c} />
          <ErrorGroups c={c} />
          <Types c={c} />
        </>
      ) : null}
    </div>
  );
}
