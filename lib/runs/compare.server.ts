import "server-only";
/** Reads both runs of a comparison (each as its own page reads it: the history, or Klaviyo) and compares them. */
import type { FetchReport } from "./answers";
import { type CompareAnswer, compareRuns } from "./compare";
import type { RunName } from "./compare-params";
import { formatRunInstant } from "./params";
import { getRun, type ListJobsFn } from "./read.server";

const named = (run: RunName) => ({ from: formatRunInstant(run.from), to: formatRunInstant(run.to) });

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
    a: named(query.a),
    b: named(query.b),
    gapMinutes,
    comparison: compareRuns(a!, b!, options.now ?? Date.now()),
    empty,
    reads: { a: reportOf(a!), b: reportOf(b!) },
  };
}
