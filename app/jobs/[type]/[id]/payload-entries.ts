/**
 * Which entry of the submitted payload became which catalog resource. Klaviyo says two things: error
 * pointers name failed entries (`/data/37/…`), and the job's relationships list the resources it
 * created or updated. Relationships carry no entry index, so an index is placed only when the counts
 * say how the list lines up with the payload (in payload order, as the simulator and the examples
 * show): either every entry is listed, or exactly the processed entries that did not fail are.
 * Otherwise the resources are shown without an index rather than with a guessed one.
 */
import type { ErrorRef } from "@/lib/jobs/error-groups";
import type { CatalogResource, Job } from "@/lib/types";

export type Alignment = "every-entry" | "succeeded-only" | "unknown";

export interface PayloadEntry {
  index: number;
  outcome: "succeeded" | "failed";
  /** id of the resource the entry created or updated, when the relationships tell */
  resourceId: string | null;
  /** that resource's attributes, when the job's `included` carries it */
  resource: CatalogResource | null;
  errors: ErrorRef[];
}

export interface PayloadView {
  alignment: Alignment;
  /** entries the job tells about, by ascending payload index */
  entries: PayloadEntry[];
  byIndex: ReadonlyMap<number, PayloadEntry>;
  /** related resources that could not be placed at an entry */
  unplaced: Array<{ id: string; resource: CatalogResource | null }>;
  /** errors whose pointer names no entry (e.g. `/data`) */
  unindexedErrors: ErrorRef[];
}

export function payloadView(
  job: Pick<Job, "totalCount" | "completedCount" | "failedCount" | "relatedIds">,
  included: readonly CatalogResource[],
  refs: readonly ErrorRef[],
): PayloadView {
  const resources = new Map(included.map((r) => [r.id, r]));
  const failed = new Map<number, ErrorRef[]>();
  const unindexedErrors: ErrorRef[] = [];
  for (const ref of refs) {
    if (ref.index === null) unindexedErrors.push(ref);
    else failed.set(ref.index, [...(failed.get(ref.index) ?? []), ref]);
  }
  const related = job.relatedIds;
  const processed = job.completedCount + job.failedCount;
  const maxFailed = Math.max(-1, ...failed.keys());

  let alignment: Alignment = "unknown";
  if (failed.size > 0 && related.length === job.totalCount && maxFailed < job.totalCount) alignment = "every-entry";
  else if (related.length + failed.size === processed && maxFailed < processed) alignment = "succeeded-only";

  const entries: PayloadEntry[] = [];
  const entry = (index: number, resourceId: string | null): PayloadEntry => {
    const errors = failed.get(index) ?? [];
    return {
      index,
      outcome: errors.length > 0 ? "failed" : "succeeded",
      resourceId,
      resource: resourceId ? (resources.get(resourceId) ?? null) : null,
      errors,
    };
  };
  if (alignment === "every-entry") {
    related.forEach((id, index) => entries.push(entry(index, id)));
  } else if (alignment === "succeeded-only") {
    let next = 0;
    for (let index = 0; index < processed; index++) {
      entries.push(failed.has(index) ? entry(index, null) : entry(index, related[next++] ?? null));
    }
  } else {
    for (const index of [...failed.keys()].sort((a, b) => a - b)) entries.push(entry(index, null));
  }

  const placed = new Set(entries.map((e) => e.resourceId).filter((id): id is string => id !== null));
  const unplaced = [...new Set([...related, ...resources.keys()])]
    .filter((id) => !placed.has(id))
    .map((id) => ({ id, resource: resources.get(id) ?? null }));

  return { alignment, entries, byIndex: new Map(entries.map((e) => [e.index, e])), unplaced, unindexedErrors };
}
