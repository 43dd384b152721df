/**
 * What the errors tab shows for a URL: the error groups its `code` and `field` select, narrowed by
 * the free-text filter (`?q=` in the URL), and the names of the files they export to. Grouping itself is
 * lib/jobs/error-groups.ts, shared with the sync-run page.
 */

import { NO_FIELD } from "@/lib/jobs/detail-params";
import { type ErrorGroup, type ErrorRef, matchGroups } from "@/lib/jobs/error-groups";

/** Groups a deep link selects; `field=-` selects the errors whose pointer names no field. */
export function selectGroups(
  groups: readonly ErrorGroup[],
  filter: { code: string | null; field: string | null },
): ErrorGroup[] {
  if (filter.field === NO_FIELD) return matchGroups(groups, { code: filter.code }).filter((g) => g.field === null);
  return matchGroups(groups, filter);
}

/**
 * Every word of `search` must match (case-insensitive) the code, title, detail, field or `extra` text
 * (e.g. the related item's title). `#37` means payload entry 37 exactly, since plain digits also
 * appear in details ("got 12,99").
 */
export function filterRefs(refs: readonly ErrorRef[], search: string, extra?: (ref: ErrorRef) => string): ErrorRef[] {
  const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...refs];
  return refs.filter((ref) => {
    const text = [ref.error.code, ref.error.title, ref.error.detail, ref.field ?? "", extra?.(ref) ?? ""]
      .join("\n")
      .toLowerCase();
    return words.every((word) => {
      const entry = /^#(\d+)$/.exec(word);
      if (entry) return ref.index === Number(entry[1]);
      return text.includes(word) || (/^\d+$/.test(word) && ref.index === Number(word));
    });
  });
}

/** `item-create-01JD3F-errors-invalid-price.csv`: safe on every file system, and says what is inside. */
export function exportFileName(
  job: { type: string; id: string },
  group: { code: string; field: string | null } | null,
  format: "csv" | "json",
): string {
  const parts = [job.type, job.id, "errors", ...(group ? [group.code, group.field ?? "entry"] : [])];
  const name = parts.map((p) => p.replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 60)).join("-");
  return `${name}.${format}`;
}
