"use client";

import { useState } from "react";
import type { Job } from "@/lib/types";

/**
 * Keeps the rows of a live view steady while polling: the rows on screen keep their order and update
 * in place, jobs that appear upstream are counted as "new" until the user asks for them, and a status
 * change is marked so the row can flash. Mount it with a `key` per view so a new view starts fresh.
 */
export function useLiveRows(jobs: Job[]) {
  const [pinned, setPinned] = useState<string[]>(() => jobs.map((j) => j.id));
  const [known, setKnown] = useState<ReadonlyMap<string, Job>>(() => new Map(jobs.map((j) => [j.id, j])));
  const [changes, setChanges] = useState<Readonly<Record<string, number>>>({});
  const [seen, setSeen] = useState(jobs);

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
  }

  const pinnedSet = new Set(pinned);
  const newIds = jobs.filter((j) => !pinnedSet.has(j.id)).map((j) => j.id);
  const rows = pinned.map((id) => known.get(id)).filter((j): j is Job => j !== undefined);

  return {
    rows,
    newCount: newIds.length,
    /** how many times each row's status changed while watched (a key for the flash) */
    changes,
    showNew: () => setPinned(jobs.map((j) => j.id)),
  };
}
