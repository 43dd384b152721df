/**
 * What a person can search a job by, derived from what the history holds of it: the external ids and
 * SKUs of the catalog resources it went through (its relationships and kept items), the ones its error
 * details quote, its error codes, and the words of its errors. The store keeps these as rows
 * (lib/store/search-index.ts), replaced whenever the job is recorded again.
 *
 * How a failed operation's SKU is found: an error's `source.pointer` gives the entry's index in the
 * submitted payload, which the dashboard never sees. Klaviyo's relationships and `included` name only
 * the resources that went through (a failed entry is not among them), so nothing held maps that index
 * to a SKU. A failed entry's SKU is known only when its error detail quotes it (a duplicate external
 * id, an id that does not exist, an item that still has variants); it is never guessed otherwise.
 */
import { JOB_TYPE_INFO, type JobOperation, type JobType } from "@/lib/job-types";
import { parseErrorPointer } from "@/lib/jobs/error-pointer";
import type { CatalogResource, JobError } from "@/lib/types";

export type SearchKind = "sku" | "error";

/** What happened to a resource in a job: it went through, it failed, or a failed entry referred to it. */
export type Outcome = "created" | "updated" | "deleted" | "failed" | "named";

export interface SearchEntry {
  kind: SearchKind;
  /** lower case: what an exact lookup compares */
  key: string;
  label: string;
  outcome: Outcome;
  code: string | null;
  field: string | null;
  title: string | null;
  detail: string | null;
  count: number;
  /** the title and details of an error group, lower case, for word search */
  words: string | null;
}

const DONE: Record<JobOperation, Outcome> = { create: "created", update: "updated", delete: "deleted" };

/** Pointer fields that name a relationship: an id quoted in such an error is the related resource's. */
const RELATIONSHIP_FIELDS = new Set(["items", "item", "variants", "categories"]);

/** Klaviyo's compound catalog id is `{integration}:::{catalog}:::{external_id}`. */
export function externalIdOf(id: string): string {
  const parts = id.split(":::");
  return parts.length >= 3 ? parts.slice(2).join(":::") : id;
}

/** Ids an error detail quotes: compound catalog ids, and `external_id 'X'`. */
export function quotedIds(detail: string): string[] {
  const found: string[] = [];
  for (const match of detail.matchAll(/'([^']*?:::[^']*?:::[^']+)'/g)) found.push(externalIdOf(match[1]!));
  for (const match of detail.matchAll(/external_id '([^']+)'/g)) found.push(match[1]!);
  return [...new Set(found)];
}

export const normalKey = (text: string) => text.trim().toLowerCase();

/** Error words: long details are cut, so one group of a hundred image URLs stays a modest row. */
const WORDS_MAX = 8_000;

export function searchEntriesOf(job: {
  type: JobType;
  errors: readonly JobError[];
  relatedIds: readonly string[];
  included: readonly CatalogResource[] | null;
}): SearchEntry[] {
  const entries: SearchEntry[] = [];
  const seen = new Set<string>();
  const addSku = (label: string, outcome: Outcome, error: JobError | null, field: string | null) => {
    const key = normalKey(label);
    const id = JSON.stringify([key, outcome, error?.code ?? null, field]);
    if (key === "" || seen.has(id)) return;
    seen.add(id);
    entries.push({
      kind: "sku",
      key,
      label,
      outcome,
      code: error?.code ?? null,
      field,
      title: error?.title ?? null,
      detail: error?.detail ?? null,
      count: 1,
      words: null,
    });
  };

  const done = DONE[JOB_TYPE_INFO[job.type].operation];
  for (const id of job.relatedIds) addSku(externalIdOf(id), done, null, null);
  for (const resource of job.included ?? []) {
    if (resource.externalId) addSku(resource.externalId, done, null, null);
    if (resource.sku) addSku(resource.sku, done, null, null);
  }

  const groups = new Map<string, { error: JobError; field: string | null; count: number; details: Set<string> }>();
  for (const error of job.errors) {
    const field = parseErrorPointer(error.pointer)?.field ?? null;
    const related = field !== null && RELATIONSHIP_FIELDS.has(field);
    for (const id of quotedIds(error.detail)) addSku(id, related ? "named" : "failed", error, field);
    const group = JSON.stringify([error.code, field]);
    const known = groups.get(group);
    if (known) {
      known.count += 1;
      known.details.add(error.detail);
    } else groups.set(group, { error, field, count: 1, details: new Set([error.detail]) });
  }
  for (const { error, field, count, details } of groups.values()) {
    entries.push({
      kind: "error",
      key: normalKey(error.code),
      label: error.code,
      outcome: "failed",
      code: error.code,
      field,
      title: error.title,
      detail: error.detail,
      count,
      words: [error.title, ...details].join("\n").toLowerCase().slice(0, WORDS_MAX),
    });
  }
  return entries;
}
