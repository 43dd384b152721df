/**
 * Groups job errors the way ops read them: by code + title + field (the pointer without its entry
 * index), largest group first. Works for one job (detail page) and for many (a sync run).
 */

import { compareText } from "@/lib/format";
import type { JobType } from "@/lib/job-types";
import type { Job, JobError } from "@/lib/types";
import { parseErrorPointer } from "./error-pointer";

export interface ErrorRef {
  jobType: JobType;
  jobId: string;
  error: JobError;
  /** index of the failing entry in the submitted payload (`/data/<index>/…`), when the pointer says */
  index: number | null;
  /** the failing field (e.g. `price`), when the pointer says */
  field: string | null;
}

export interface ErrorGroup {
  key: string;
  code: string;
  title: string;
  field: string | null;
  count: number;
  /** share of all failed operations in scope, 0..1 */
  share: number;
  jobIds: string[];
  refs: ErrorRef[];
}

export function errorRefsOf(job: Pick<Job, "type" | "id" | "errors">): ErrorRef[] {
  return job.errors.map((error) => {
    const parsed = error.pointer ? parseErrorPointer(error.pointer) : null;
    return { jobType: job.type, jobId: job.id, error, index: parsed?.index ?? null, field: parsed?.field ?? null };
  });
}

export function errorGroupKey(code: string, title: string, field: string | null): string {
  return JSON.stringify([code, title, field]);
}

/** `failedTotal` is the sum of `failed_count` in scope, the denominator of each group's share. */
export function groupErrors(refs: readonly ErrorRef[], failedTotal: number): ErrorGroup[] {
  const groups = new Map<string, ErrorGroup>();
  const jobSets = new Map<string, Set<string>>();
  for (const ref of refs) {
    const key = errorGroupKey(ref.error.code, ref.error.title, ref.field);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        code: ref.error.code,
        title: ref.error.title,
        field: ref.field,
        count: 0,
        share: 0,
        jobIds: [],
        refs: [],
      };
      groups.set(key, group);
      jobSets.set(key, new Set());
    }
    group.count += 1;
    group.refs.push(ref);
    const jobs = jobSets.get(key)!;
    if (!jobs.has(ref.jobId)) {
      jobs.add(ref.jobId);
      group.jobIds.push(ref.jobId);
    }
  }
  const denominator = Math.max(failedTotal, refs.length);
  return [...groups.values()]
    .map((group) => ({ ...group, share: denominator > 0 ? group.count / denominator : 0 }))
    .sort((a, b) => b.count - a.count || compareText(a.code, b.code) || compareText(a.field ?? "", b.field ?? ""));
}

/** Groups matching a URL's `code` and `field` filters (either may be absent). */
export function matchGroups(
  groups: readonly ErrorGroup[],
  filter: { code?: string | null; field?: string | null },
): ErrorGroup[] {
  return groups.filter(
    (g) => (!filter.code || g.code === filter.code) && (!filter.field || (g.field ?? "") === filter.field),
  );
}

/** One row per failed entry, shaped so ops can fix the rows and resubmit them. */
export interface ErrorExportRow {
  job_type: JobType;
  job_id: string;
  payload_index: number | "";
  field: string;
  code: string;
  title: string;
  detail: string;
  pointer: string;
  error_id: string;
}

/** Column order of every error export (a job's, a group's, a run's): what ops need to find each entry, fix it and resubmit it. */
export const EXPORT_COLUMNS = [
  "job_type",
  "job_id",
  "payload_index",
  "field",
  "code",
  "title",
  "detail",
  "pointer",
  "error_id",
] as const satisfies readonly (keyof ErrorExportRow)[];

export function exportRows(refs: readonly ErrorRef[]): ErrorExportRow[] {
  return refs.map((ref) => ({
    job_type: ref.jobType,
    job_id: ref.jobId,
    payload_index: ref.index ?? "",
    field: ref.field ?? "",
    code: ref.error.code,
    title: ref.error.title,
    detail: ref.error.detail,
    pointer: ref.error.pointer ?? "",
    error_id: ref.error.id,
  }));
}
