/**
 * Error grouping at the scale of a big sync run: 500 jobs × 100 operations, 20,000 failed entries.
 * Times grouping (code + title + field) and opening the largest group (matching + export rows).
 */
import { performance } from "node:perf_hooks";
import { errorRefsOf, exportRows, groupErrors, matchGroups } from "../../lib/jobs/error-groups";
import { formatErrorPointer } from "../../lib/jobs/error-pointer";
import type { Job } from "../../lib/types";
import { median } from "./stats";

const KINDS = [
  ["invalid", "Invalid input.", "price"],
  ["invalid", "Invalid input.", "url"],
  ["duplicate", "Duplicate external id.", "external_id"],
  ["image_fetch_failed", "Image could not be fetched.", "image_full_url"],
  ["not_found", "Category not found.", "categories"],
  ["invalid", "Invalid input.", "title"],
] as const;

export function syntheticRun(jobs = 500, errorsPerJob = 40): Job[] {
  return Array.from({ length: jobs }, (_, j) => ({
    type: "item-create" as const,
    id: `JOB${String(j).padStart(5, "0")}`,
    status: "complete",
    createdAt: new Date(Date.UTC(2026, 10, 28, 6, 0, j)).toISOString(),
    completedAt: null,
    expiresAt: null,
    totalCount: 100,
    completedCount: 100 - errorsPerJob,
    failedCount: errorsPerJob,
    relatedIds: [],
    errors: Array.from({ length: errorsPerJob }, (_, e) => {
      const [code, title, field] = KINDS[(j * 7 + e * e) % KINDS.length]!;
      return {
        id: `${j}-${e}`,
        code,
        title,
        detail: `${field} of entry ${e} was rejected.`,
        pointer: formatErrorPointer(e * 2, field),
      };
    }),
  }));
}

export function runErrorsScaleBench(repeats = 7) {
  const jobs = syntheticRun();
  const failed = jobs.reduce((sum, j) => sum + j.failedCount, 0);
  const groupMs: number[] = [];
  const openMs: number[] = [];
  let groups = 0;
  let largest = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const grouped = groupErrors(jobs.flatMap(errorRefsOf), failed);
    const t1 = performance.now();
    const top = grouped[0]!;
    const rows = exportRows(matchGroups(grouped, { code: top.code, field: top.field })[0]!.refs);
    const t2 = performance.now();
    groupMs.push(t1 - t0);
    openMs.push(t2 - t1);
    groups = grouped.length;
    largest = rows.length;
  }
  return {
    jobs: jobs.length,
    operations: jobs.length * 100,
    errors: failed,
    groups,
    largestGroup: largest,
    groupMsMedian: Number(median(groupMs)!.toFixed(1)),
    openLargestGroupMsMedian: Number(median(openMs)!.toFixed(1)),
  };
}
