// @vitest-environment jsdom
import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Job } from "@/lib/types";
import { type NewJobs, useLiveRows } from "./use-live-rows";

function job(id: string, status: Job["status"] = "processing"): Job {
  return {
    type: "item-create",
    id,
    status,
    createdAt: "2026-11-28T12:00:00+00:00",
    completedAt: null,
    expiresAt: null,
    totalCount: 10,
    completedCount: 0,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  };
}

const ids = (jobs: Job[]) => jobs.map((j) => j.id);

function mount(jobs: Job[], newJobs: NewJobs, dropLeavers = false) {
  return renderHook(({ jobs }) => useLiveRows(jobs, newJobs, { dropLeavers }), { initialProps: { jobs } });
}

describe("useLiveRows", () => {
  it('"count" keeps the rows it mounted with and counts later arrivals until asked to show them', () => {
    const view = mount([job("b"), job("a")], "count");
    view.rerender({ jobs: [job("d"), job("c"), job("b", "complete"), job("a")] });
    expect(ids(view.result.current.rows)).toEqual(["b", "a"]);
    expect(view.result.current.rows[0]?.status).toBe("complete");
    expect(view.result.current.newCount).toBe(2);
    expect(view.result.current.changes).toEqual({ b: 1 });
    act(() => view.result.current.showNew());
    expect(ids(view.result.current.rows)).toEqual(["d", "c", "b", "a"]);
    expect(view.result.current.newCount).toBe(0);
  });

  it('"count" in a view without a status filter keeps rows that newer jobs pushed off the page', () => {
    const view = mount([job("c"), job("b"), job("a")], "count");
    view.rerender({ jobs: [job("e"), job("d"), job("c")] });
    expect(ids(view.result.current.rows)).toEqual(["c", "b", "a"]);
    expect(view.result.current.leftCount).toBe(0);
    expect(view.result.current.newCount).toBe(2);
  });

  it('"count" with dropLeavers drops rows whose jobs left the data (the filter no longer matches them) and counts them', () => {
    const view = mount([job("c"), job("b"), job("a")], "count", true);
    view.rerender({ jobs: [job("d"), job("b")] });
    expect(ids(view.result.current.rows)).toEqual(["b"]);
    expect(view.result.current.leftCount).toBe(2);
    expect(view.result.current.newCount).toBe(1);
    // The same data again changes nothing; a later departure adds to the count.
    view.rerender({ jobs: [job("d"), job("b")] });
    expect(view.result.current.leftCount).toBe(2);
    view.rerender({ jobs: [job("d")] });
    expect(ids(view.result.current.rows)).toEqual([]);
    expect(view.result.current.leftCount).toBe(3);
    act(() => view.result.current.showNew());
    expect(ids(view.result.current.rows)).toEqual(["d"]);
    expect(view.result.current.leftCount).toBe(0);
  });

  it('"show" shows every job it is given, at once, and still marks status changes', () => {
    const view = mount([job("b"), job("a")], "show");
    view.rerender({ jobs: [job("d"), job("c"), job("b", "complete"), job("a")] });
    expect(ids(view.result.current.rows)).toEqual(["d", "c", "b", "a"]);
    expect(view.result.current.newCount).toBe(0);
    expect(view.result.current.changes).toEqual({ b: 1 });
    // A narrower window under the same table: rows leave too.
    view.rerender({ jobs: [job("a")] });
    expect(ids(view.result.current.rows)).toEqual(["a"]);
  });
});
