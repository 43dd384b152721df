import { describe, expect, it } from "vitest";
import type { JobType } from "@/lib/job-types";
import type { Job, JobError } from "@/lib/types";
import { buildRunDetail } from "./answers";
import { COMPARISON_COLUMNS, compareRuns, comparisonRows } from "./compare";
import { compareHref, runName } from "./compare-params";
import { parseCompareQuery } from "./compare-query.server";

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 27, 22, 0, 0);
const DAY = 24 * 60 * MIN;
const report = { listCalls: 0, truncated: [], fetchedAt: new Date(T0).toISOString() };

let seq = 0;
function error(code: string, index: number, field = "price"): JobError {
  return {
    id: `E${seq}-${index}`,
    code,
    title: code,
    detail: `${code} at ${index}`,
    pointer: `/data/${index}/attributes/${field}`,
  };
}
function job(at: number, type: JobType, failed: number, codes: string[] = []): Job {
  seq += 1;
  return {
    type,
    id: `J${String(seq).padStart(5, "0")}`,
    status: "complete",
    createdAt: new Date(at).toISOString(),
    completedAt: new Date(at + 4 * MIN).toISOString(),
    expiresAt: null,
    totalCount: 100,
    completedCount: 100 - failed,
    failedCount: failed,
    errors: codes.map((code, i) => error(code, i)),
    relatedIds: [],
  };
}
const detail = (jobs: Job[]) => {
  const times = jobs.map((j) => Date.parse(j.createdAt));
  return buildRunDetail(jobs, { from: Math.min(...times), to: Math.max(...times), gapMinutes: 10 }, report);
};

describe("run against run", () => {
  // Last night: 4 item creates, 2 % failed (8 of 400), one error group.
  const a = detail([0, 1, 2, 3].map((m) => job(T0 + m * MIN, "item-create", 2, ["invalid", "invalid"])));
  // Tonight: 5 jobs (a variant create too), 10 % failed (50 of 500); the old group grew, one is new.
  const b = detail([
    ...[0, 1, 2, 3].map((m) => job(T0 + DAY + m * MIN, "item-create", 10, ["invalid", "invalid", "invalid"])),
    job(T0 + DAY + 5 * MIN, "variant-create", 10, ["duplicate_sku"]),
  ]);

  it("gives b − a for counts, failure rate in points, duration and pace", () => {
    const c = compareRuns(a, b, T0 + 2 * DAY)!;
    expect(c.a).toMatchObject({ jobCount: 4, operations: 400, failed: 8, failureRate: 0.02, finished: true });
    expect(c.b).toMatchObject({ jobCount: 5, operations: 500, failed: 50, failureRate: 0.1 });
    expect(c.delta.jobCount).toBe(1);
    expect(c.delta.failed).toBe(42);
    expect(c.delta.failureRatePoints).toBeCloseTo(8, 10);
    // a: first job at 0, last done at 3 + 4 min; b: last done at 5 + 4 min.
    expect(c.a.durationMs).toBe(7 * MIN);
    expect(c.b.durationMs).toBe(9 * MIN);
    expect(c.delta.durationMs).toBe(2 * MIN);
    expect(c.a.perMinute).toBeCloseTo(400 / 7, 6);
    expect(c.types).toEqual([
      { type: "item-create", a: 4, b: 4 },
      { type: "variant-create", a: 0, b: 1 },
    ]);
  });

  it("says which error groups are new, grown, or gone", () => {
    const c = compareRuns(a, b, T0 + 2 * DAY)!;
    expect(c.groups.map((g) => [g.code, g.a, g.b, g.change])).toEqual([
      ["duplicate_sku", 0, 1, "new"],
      ["invalid", 8, 12, "grown"],
    ]);
    const back = compareRuns(b, a, T0 + 2 * DAY)!;
    expect(back.groups.map((g) => [g.code, g.change])).toEqual([
      ["invalid", "shrunk"],
      ["duplicate_sku", "gone"],
    ]);
    expect(back.delta.failureRatePoints).toBeCloseTo(-8, 10);
  });

  it("has nothing to compare when a side holds no job", () => {
    const none = buildRunDetail([], { from: T0 - DAY, to: T0 - DAY + MIN, gapMinutes: 10 }, report);
    expect(compareRuns(none, b, T0)).toBeNull();
    expect(compareRuns(a, none, T0)).toBeNull();
  });

  it("exports what the page shows, a row per figure, type and group", () => {
    const rows = comparisonRows(compareRuns(a, b, T0 + 2 * DAY)!);
    expect(rows.find((r) => r.name === "failure rate %")).toEqual({
      section: "run",
      name: "failure rate %",
      a: 2,
      b: 10,
      change: 8,
    });
    expect(rows.filter((r) => r.section === "error group").map((r) => r.change)).toEqual(["new", "grown"]);
    expect(Object.keys(rows[0]!)).toEqual([...COMPARISON_COLUMNS]);
  });
});

describe("the compare link", () => {
  const b = { from: T0 + DAY, to: T0 + DAY + 5 * MIN };
  const a = { from: T0, to: T0 + 3 * MIN };

  it("round-trips through the server's parser, with or without a", () => {
    const href = compareHref(b, a, 15, "utc");
    expect(href).toBe(
      "/runs/compare?a=2026-11-27T22%3A00%3A00Z..2026-11-27T22%3A03%3A00Z&b=2026-11-28T22%3A00%3A00Z..2026-11-28T22%3A05%3A00Z&gap=15&tz=utc",
    );
    const params = new URL(href, "http://x").searchParams;
    params.delete("tz");
    expect(parseCompareQuery(params)).toEqual({ ok: true, data: { a, b, gapMinutes: 15, format: null } });
    expect(parseCompareQuery(new URLSearchParams(`b=${runName(b)}`))).toEqual({
      ok: true,
      data: { a: null, b, gapMinutes: 10, format: null },
    });
  });

  it.each([
    ["", "b"],
    [`b=${runName(b)}&x=1`, "x"],
    ["b=yesterday", "b must name a run as from..to"],
    [`b=${runName({ from: b.to, to: b.from })}`, "b: to must not be before from"],
    [`b=${runName({ from: T0, to: T0 + 8 * DAY })}`, "b: a run spans at most 7 days"],
    [`a=${runName(a)}&a=${runName(a)}&b=${runName(b)}`, 'parameter "a" is repeated'],
    [`b=${runName(b)}&format=xml`, "format must be one of csv, json"],
    [`b=${runName(b)}&gap=0`, "gap must be at least 1 minute"],
  ])("refuses %j", (search, message) => {
    const parsed = parseCompareQuery(new URLSearchParams(search));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});
