"use client";

import { useState } from "react";
import type { JobRow } from "@/lib/types";

/**
 * What a live view does with jobs that were not on screen before:
 * - "count": hold them back as "N new" until the user asks (the job list, where a new job would push
 *   every row down while someone reads or clicks);
 * - "show": show them at once (a run's fixed time window, whose jobs are named by the URL: the table
 *   must agree with the counts printed above it).
 */
export type NewJobs = "count" | "show";

/**
 * Keeps the rows of a live view steady while polling: the rows on screen keep their order and update
 * in place, a status change is marked so the row can flash, jobs that appear upstream are counted or
 * shown as `newJobs` says, and (with `dropLeavers`, for a view filtered by status) jobs that leave the
 * view's data leave the table. With "count", mount it with a `key` per view so a new view starts fresh.
 */
export function useLiveRows<T extends JobRow>(jobs: T[], newJobs: NewJobs, options: { dropLeavers?: boolean } = {}) {
  const [pinned, setPinned] = useState<string[]>(() => jobs.map((j) => j.id));
  const [known, setKnown] = useState<ReadonlyMap<string, T>>(() => new Map(jobs.map((j) => [j.id, j])));
  const [changes, setChanges] = useState<Readonly<Record<string, number>>>({});
  const [seen, setSeen] = useState(jobs);
  const [leftCount, setLeftCount] = useState(0);

  // Derive from the previous render's data (React's "adjust state when a prop changes" pattern).
  if (seen !== jobs) {
    setSeen(jobs);
    const nextChanges = { ...changes };
    const nextKnown = new Map(known);
    for (const job of jobs) {
      const before = known.get(job.id);
      if (before && before.status !== job.status) nextChanges[job.id] = (nextChanges[job.id] ?? 0) + 1;
      nextKnown.set(job.id, job);
    }
    setKnown(nextKnown);
    setChanges(nextChanges);
    // In a view filtered by status, a row whose job is no longer in the view's data no longer matches
    // the filter: it leaves the table too, and is counted for a notice. A table must never show a
    // "processing" job that the filter no longer matches. Without a status filter a job only leaves
    // the data as newer ones push it to the next page: it stays on screen until new ones are shown.
    if (newJobs === "count" && options.dropLeavers) {
      const current = new Set(jobs.map((j) => j.id));
      const staying = pinned.filter((id) => current.has(id));
      if (staying.length !== pinned.length) {
        setPinned(staying);
        setLeftCount(leftCount + pinned.length - staying.length);
      }
    }
  }

  const showNew = () => {
    setPinned(jobs.map((j) => j.id));
    setLeftCount(0);
  };
  if (newJobs === "show") return { rows: jobs, newCount: 0, leftCount: 0, changes, showNew };

  const pinnedSet = new Set(pinned);
  const newCount = jobs.filter((j) => !pinnedSet.has(j.id)).length;
  const rows = pinned.map((id) => known.get(id)).filter((j): j is T => j !== undefined);
  return {
    rows,
    newCount,
    /** how many rows left the table since it mounted (or since new jobs were last shown) */
    leftCount,
    /** how many times each row's status changed while watched (a key for the flash) */
    changes,
    showNew,
  };
}
