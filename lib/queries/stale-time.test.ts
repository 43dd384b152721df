import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { buildRunDetail } from "@/lib/runs/answers";
import type { RunQuery } from "@/lib/runs/params";
import type { Job, JobDetail } from "@/lib/types";
import { jobDetailQuery } from "./jobs";
import { STALE_MS } from "./query-client";
import { recentRunsQuery, runDetailQuery, runningOf } from "./runs";

/*
 * Whether data hydrated a while ago is refetched when a view mounts: a finished run or job never is
 * (its data is final), anything still running is, once older than the usual staleTime.
 */

const T0 = Date.UTC(2026, 10, 28, 12, 0, 0);
const MIN = 60_000;

function job(minutes: number, status: Job["status"], id = `J${minutes}`): Job {
  return {
    type: "item-create",
    id,
    status,
    createdAt: new Date(T0 + minutes * MIN).toISOString(),
    completedAt: status === "complete" ? new Date(T0 + minutes * MIN + MIN).toISOString() : null,
    expiresAt: null,
    totalCount: 10,
    completedCount: status === "complete" ? 10 : 0,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  };
}

const run: RunQuery = { kind: "run", from: T0, to: T0 + 5 * MIN, gapMinutes: 10 };
const report = { listCalls: 9, truncated: [], fetchedAt: new Date(T0).toISOString() };
const detailOf = (jobs: Job[]) => buildRunDetail(jobs, run, report);

/** Is data written `ageMs` ago stale for a view mounting now with these options? */
function staleAfter<T>(options: { queryKey: readonly unknown[] }, data: T, ageMs: number): boolean {
  const client = new QueryClient();
  client.setQueryData(options.queryKey, data, { updatedAt: Date.now() - ageMs });
  return new QueryObserver(client, options).getCurrentResult().isStale;
}

describe("runDetailQuery staleTime", () => {
  it("never refetches a run with nothing running, however old its data", () => {
    const finished = detailOf([job(0, "complete"), job(5, "complete")]);
    expect(runningOf(finished)).toBe(0);
    expect(staleAfter(runDetailQuery(run), finished, 60 * MIN)).toBe(false);
  });

  it("refetches a running run once its data is older than the usual staleTime", () => {
    const running = detailOf([job(0, "complete"), job(5, "processing")]);
    expect(staleAfter(runDetailQuery(run), running, STALE_MS - 1_000)).toBe(false);
    expect(staleAfter(runDetailQuery(run), running, STALE_MS + 1_000)).toBe(true);
  });

  it("counts a running continuation as running (the page polls it too)", () => {
    const growing = detailOf([job(0, "complete"), job(5, "complete"), job(8, "queued")]);
    expect(growing.continues?.running).toBe(1);
    expect(staleAfter(runDetailQuery(run), growing, STALE_MS + 1_000)).toBe(true);
  });
});

describe("recentRunsQuery staleTime", () => {
  it("keeps the usual staleTime: the look-back ends now, so a new run can start at any time", () => {
    const q = { kind: "recent", window: "6h", gapMinutes: 10 } as const;
    const recent = { window: "6h", gapMinutes: 10, since: new Date(T0).toISOString(), runs: [], ...report };
    expect(staleAfter(recentRunsQuery(q), recent, STALE_MS + 1_000)).toBe(true);
  });
});

describe("jobDetailQuery staleTime", () => {
  const detail = (status: Job["status"]): JobDetail => ({
    job: job(0, status),
    included: [],
    fetchedAt: new Date(T0).toISOString(),
  });

  it.each(["complete", "cancelled"] as const)("never refetches a %s job", (status) => {
    expect(staleAfter(jobDetailQuery("item-create", "J0"), detail(status), 60 * MIN)).toBe(false);
  });

  it.each(["queued", "processing"] as const)(
    "refetches a %s job once its data is older than the usual staleTime",
    (status) => {
      expect(staleAfter(jobDetailQuery("item-create", "J0"), detail(status), STALE_MS - 1_000)).toBe(false);
      expect(staleAfter(jobDetailQuery("item-create", "J0"), detail(status), STALE_MS + 1_000)).toBe(true);
    },
  );
});
