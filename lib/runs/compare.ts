/**
 * Run against run: the figures that say whether tonight's sync went worse than last night's. Pure,
 * built from two run answers (`GET /api/runs?from=&to=`), so the page, the API and the export agree.
 *
 * `a` is the run compared against (usually the earlier one), `b` the run looked at; every delta is
 * b − a. The failure rate is failed ÷ processed operations (completed + failed): operations of a
 * cancelled job were never processed and count for neither.
 */
import type { JobType } from "@/lib/job-types";
import { JOB_TYPES } from "@/lib/job-types";
import type { FetchReport, RunDetail } from "./answers";
import { failureRate, runTiming } from "./summary";

export interface RunFigures {
  from: string;
  to: string;
  jobCount: number;
  operations: number;
  completed: number;
  failed: number;
  /** failed ÷ (completed + failed); null before any operation was processed */
  failureRate: number | null;
  /** first created_at to last completed_at once finished; so far, while running */
  durationMs: number;
  finished: boolean;
  /** processed operations per minute over the duration; null for a run of no duration */
  perMinute: number | null;
  jobsByType: Partial<Record<JobType, number>>;
}

export type GroupChange = "new" | "gone" | "grown" | "shrunk" | "same";

export interface GroupComparison {
  key: string;
  code: string;
  title: string;
  field: string | null;
  /** entries in a and in b (0 when absent) */
  a: number;
  b: number;
  change: GroupChange;
}

export interface RunComparison {
  a: RunFigures;
  b: RunFigures;
  delta: {
    jobCount: number;
    operations: number;
    failed: number;
    /** in percentage points; null when either rate is unknown */
    failureRatePoints: number | null;
    durationMs: number;
    perMinute: number | null;
  };
  /** jobs per type, every type present in either run, in the usual type order */
  types: Array<{ type: JobType; a: number; b: number }>;
  /** error groups of either run: new first, then grown, shrunk, the same, gone; larger b first */
  groups: GroupComparison[];
}

export interface CompareAnswer {
  /** the two runs' windows, canonical instants */
  a: { from: string; to: string };
  b: { from: string; to: string };
  gapMinutes: number;
  /** null when a side holds no job (expired from Klaviyo and not in the history, or a hand-written window) */
  comparison: RunComparison | null;
  /** the sides that hold no job */
  empty: Array<"a" | "b">;
  /** where each side was read from, and how fresh it is */
  reads: { a: FetchReport; b: FetchReport };
}

export function runFigures(run: RunDetail, now: number): RunFigures | null {
  const summary = run.summary;
  if (!summary) return null;
  const { total, completed, failed } = summary.operations;
  const timing = runTiming(summary, now);
  const durationMs = timing.state === "finished" ? timing.durationMs : timing.elapsedMs;
  const processed = completed + failed;
  const jobsByType: Partial<Record<JobType, number>> = {};
  for (const row of summary.byType) jobsByType[row.type] = row.jobs;
  return {
    from: summary.from,
    to: summary.to,
    jobCount: summary.jobCount,
    operations: total,
    completed,
    failed,
    failureRate: failureRate(summary.operations),
    durationMs,
    finished: timing.state === "finished",
    perMinute: durationMs > 0 ? (processed / durationMs) * 60_000 : null,
    jobsByType,
  };
}

const CHANGE_ORDER: Record<GroupChange, number> = { new: 0, grown: 1, shrunk: 2, same: 3, gone: 4 };

function changeOf(a: number, b: number): GroupChange {
  if (a === 0) return "new";
  if (b === 0) return "gone";
  return b > a ? "grown" : b < a ? "shrunk" : "same";
}

/** Null when either run holds no job (an expired run, or a window nothing was created in). */
export function compareRuns(a: RunDetail, b: RunDetail, now: number): RunComparison | null {
  const fa = runFigures(a, now);
  const fb = runFigures(b, now);
  if (!fa || !fb) return null;

  const groups = new Map<string, GroupComparison>();
  for (const [side, run] of [
    ["a", a],
    ["b", b],
  ] as const) {
    for (const group of run.errors.groups) {
      const entry = groups.get(group.key) ?? {
        key: group.key,
        code: group.code,
        title: group.title,
        field: group.field,
        a: 0,
        b: 0,
        change: "same" as GroupChange,
      };
      entry[side] += group.count;
      groups.set(group.key, entry);
    }
  }
  const compared = [...groups.values()]
    .map((group) => ({ ...group, change: changeOf(group.a, group.b) }))
    .sort((x, y) => CHANGE_ORDER[x.change] - CHANGE_ORDER[y.change] || y.b - x.b || y.a - x.a);

  return {
    a: fa,
    b: fb,
    delta: {
      jobCount: fb.jobCount - fa.jobCount,
      operations: fb.operations - fa.operations,
      failed: fb.failed - fa.failed,
      failureRatePoints:
        fa.failureRate === null || fb.failureRate === null ? null : (fb.failureRate - fa.failureRate) * 100,
      durationMs: fb.durationMs - fa.durationMs,
      perMinute: fa.perMinute === null || fb.perMinute === null ? null : fb.perMinute - fa.perMinute,
    },
    types: JOB_TYPES.filter((type) => fa.jobsByType[type] || fb.jobsByType[type]).map((type) => ({
      type,
      a: fa.jobsByType[type] ?? 0,
      b: fb.jobsByType[type] ?? 0,
    })),
    groups: compared,
  };
}

/** The comparison as export rows: the figures first, then one row per type and per error group. */
export interface ComparisonRow {
  section: "run" | "type" | "error group";
  name: string;
  a: number | string | null;
  b: number | string | null;
  change: number | string | null;
}

export const COMPARISON_COLUMNS = ["section", "name", "a", "b", "change"] as const;

export function comparisonRows(c: RunComparison): ComparisonRow[] {
  const run = (name: string, a: number | string | null, b: number | string | null, change: number | null) => ({
    section: "run" as const,
    name,
    a,
    b,
    change,
  });
  const rate = (value: number | null) => (value === null ? null : Number((value * 100).toFixed(2)));
  const perMinute = (value: number | null) => (value === null ? null : Number(value.toFixed(1)));
  return [
    run("from", c.a.from, c.b.from, null),
    run("to", c.a.to, c.b.to, null),
    run("jobs", c.a.jobCount, c.b.jobCount, c.delta.jobCount),
    run("operations", c.a.operations, c.b.operations, c.delta.operations),
    run("failed operations", c.a.failed, c.b.failed, c.delta.failed),
    run(
      "failure rate %",
      rate(c.a.failureRate),
      rate(c.b.failureRate),
      c.delta.failureRatePoints === null ? null : Number(c.delta.failureRatePoints.toFixed(2)),
    ),
    run(
      "duration s",
      Math.round(c.a.durationMs / 1000),
      Math.round(c.b.durationMs / 1000),
      Math.round(c.delta.durationMs / 1000),
    ),
    run("operations per minute", perMinute(c.a.perMinute), perMinute(c.b.perMinute), perMinute(c.delta.perMinute)),
    ...c.types.map((t) => ({ section: "type" as const, name: t.type, a: t.a, b: t.b, change: t.b - t.a })),
    ...c.groups.map((g) => ({
      section: "error group" as const,
      name: g.field ? `${g.code} · ${g.field}` : g.code,
      a: g.a,
      b: g.b,
      change: g.change,
    })),
  ];
}
