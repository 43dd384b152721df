import "server-only";
/** Reads both runs of a comparison (each as its own page reads it: the history, or Klaviyo) and compares them. */
import type { FetchReport } from "./answers";
import { compareRuns, type RunComparison } from "./compare";
import type { RunName } from "./compare-params";
import { getRun, type ListJobsFn } from "./read.server";

export interface CompareAnswer {
  a: RunName;
  b: RunName;
  gapMinutes: number;
  /** null when a side holds no job (expired from Klaviyo and not in the history, or a hand-written window) */
  comparison: RunComparison | null;
  /** the sides that hold no job */
  empty: Array<"a" | "b">;
  /** where each side was read from, and how fresh it is */
  reads: { a: FetchReport; b: FetchReport };
}

const reportOf = ({ listCalls, truncated, fetchedAt, source, historySince }: FetchReport): FetchReport => ({
  listCalls,
  truncated,
  fetchedAt,
  ...(source ? { source } : {}),
  ...(historySince ? { historySince } : {}),
});

export async function getComparison(
  query: { a: RunName; b: RunName; gapMinutes: number },
  options: { list?: ListJobsFn; now?: number } = {},
): Promise<CompareAnswer> {
  const { gapMinutes } = query;
  const [a, b] = await Promise.all(
    [query.a, query.b].map((run) => getRun({ kind: "run", from: run.from, to: run.to, gapMinutes }, options)),
  );
  const empty = (
    [
      ["a", a!],
      ["b", b!],
    ] as const
  )
    .filter(([, run]) => run.summary === null)
    .map(([side]) => side);
  return {
    a: query.a,
    b: query.b,
    gapMinutes,
    comparison: compareRuns(a!, b!, options.now ?? Date.now()),
    empty,
    reads: { a: reportOf(a!), b: reportOf(b!) },
  };
}
