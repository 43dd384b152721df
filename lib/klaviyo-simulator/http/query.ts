/**
 * Reads a job endpoint's query string the way Klaviyo validates it: only the parameters the
 * operation defines (the list: `fields[…-job]`, `filter`, `page[cursor]`; get-one: `fields[…-job]`
 * and, for create and update jobs, `include` and `fields[catalog-…]`), each at most once, values from
 * the spec's enums. Klaviyo's exact wording for unknown parameters is unverified (docs/klaviyo.md#limits-and-unverified-points).
 */
import type { JobTypeInfo, KnownJobStatus } from "@/lib/job-types";
import { decodeCursor, type PageCursor } from "./cursor";
import { JOB_FIELDS, RELATED_FIELDS } from "./fields";
import { parseStatusFilter } from "./filter";
import type { RevisionFeatures } from "./revision";

export interface JobQuery {
  /** requested job attributes (`id` never hides the id); null: all */
  jobFields: ReadonlySet<string> | null;
  /** requested related-resource attributes; null: all */
  relatedFields: ReadonlySet<string> | null;
  include: boolean;
  status: KnownJobStatus | null;
  cursor: PageCursor | null;
}

export type QueryProblem = { kind: "parameter"; parameter: string; detail: string } | { kind: "cursor" };
export type QueryResult = { ok: true; query: JobQuery } | { ok: false; problem: QueryProblem };

function parameterProblem(parameter: string, detail: string): QueryResult {
  return { ok: false, problem: { kind: "parameter", parameter, detail } };
}

function parseList(name: string, raw: string, allowed: readonly string[]): Set<string> | string {
  const values = raw.split(",").map((value) => value.trim());
  for (const value of values) {
    if (value === "") return `'${name}' may not contain empty values.`;
    if (!allowed.includes(value))
      return `'${value}' is not a valid field for '${name}'. Valid values: ${allowed.join(", ")}.`;
  }
  return new Set(values);
}

export function parseJobQuery(
  params: URLSearchParams,
  info: JobTypeInfo,
  operation: "list" | "get",
  features: RevisionFeatures,
): QueryResult {
  const jobFieldsName = `fields[${info.jsonApiType}]`;
  const relatedFieldsName = `fields[${info.relatedType}]`;
  const allowedParams =
    operation === "list"
      ? [jobFieldsName, "filter", "page[cursor]"]
      : info.include
        ? [jobFieldsName, relatedFieldsName, "include"]
        : [jobFieldsName];

  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!allowedParams.includes(name))
      return parameterProblem(name, `'${name}' is not a valid query parameter for this endpoint.`);
    if (seen.has(name)) return parameterProblem(name, `'${name}' may only be given once.`);
    seen.add(name);
  }

  const query: JobQuery = { jobFields: null, relatedFields: null, include: false, status: null, cursor: null };
  const jobFieldsRaw = params.get(jobFieldsName);
  if (jobFieldsRaw !== null) {
    const allowed = features.idInFields ? JOB_FIELDS : JOB_FIELDS.filter((field) => field !== "id");
    const parsed = parseList(jobFieldsName, jobFieldsRaw, allowed);
    if (typeof parsed === "string") return parameterProblem(jobFieldsName, parsed);
    query.jobFields = parsed;
  }
  const relatedRaw = params.get(relatedFieldsName);
  if (relatedRaw !== null) {
    const parsed = parseList(relatedFieldsName, relatedRaw, RELATED_FIELDS[info.relatedType]);
    if (typeof parsed === "string") return parameterProblem(relatedFieldsName, parsed);
    query.relatedFields = parsed;
  }
  const includeRaw = params.get("include");
  if (includeRaw !== null) {
    for (const value of includeRaw.split(",").map((part) => part.trim())) {
      if (value !== info.include)
        return parameterProblem("include", `'${value}' is not an allowed include parameter for this resource.`);
    }
    query.include = true;
  }
  const filterRaw = params.get("filter");
  if (filterRaw !== null) {
    const filter = parseStatusFilter(filterRaw);
    if (!filter.ok) return parameterProblem("filter", filter.detail);
    query.status = filter.status;
  }
  const cursorRaw = params.get("page[cursor]");
  if (cursorRaw !== null) {
    const cursor = decodeCursor(cursorRaw);
    if (!cursor) return { ok: false, problem: { kind: "cursor" } };
    query.cursor = cursor;
  }
  return { ok: true, query };
}
