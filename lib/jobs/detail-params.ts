/**
 * The URL contract of one job's page, `/jobs/{type}/{id}?tab=…&code=…&field=…&q=…&tz=…`, described once:
 * the page reads it with these parsers, and every "copy link" builds its URL with the serializer, so
 * a shared link opens exactly the view it was copied from.
 */
import { createLoader, createSerializer, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { type TimeZoneChoice, timeZoneParser } from "@/lib/time-zone";

export const DETAIL_TABS = ["errors", "items", "raw"] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/**
 * `field` value for errors whose pointer names no field (the whole entry, or `/data` itself). An
 * attribute is never called "-", so the two cannot collide; an empty `field` means "any field".
 */
export const NO_FIELD = "-";

export const jobDetailParsers = {
  /** absent: the page picks (errors when something failed) */
  tab: parseAsStringLiteral(DETAIL_TABS),
  code: parseAsString,
  field: parseAsString,
  q: parseAsString.withDefault(""),
  /** the zone of exact times, as on the job list (which passes its choice on in its links) */
  tz: timeZoneParser,
};

export const loadJobDetailParams = createLoader(jobDetailParsers);
export const serializeJobDetailParams = createSerializer(jobDetailParsers);

export function jobDetailPath(type: JobType, id: string): string {
  return `/jobs/${type}/${encodeURIComponent(id)}`;
}

/** A job's page in the zone the linking view shows (`?tz=utc`; nothing for local time, the default). */
export function jobDetailHref(type: JobType, id: string, tz: TimeZoneChoice): string {
  return serializeJobDetailParams(jobDetailPath(type, id), { tz });
}

/** The URL field value of an error group's field (null: the pointer named no field). */
export function fieldParam(field: string | null): string {
  return field ?? NO_FIELD;
}

/** The link that opens one error group: `?tab=errors&code=…&field=…` (and `&tz=utc` from a view in UTC). */
export function errorGroupHref(
  type: JobType,
  id: string,
  group: { code: string; field: string | null },
  tz: TimeZoneChoice = "local",
): string {
  return serializeJobDetailParams(jobDetailPath(type, id), {
    tab: "errors",
    code: group.code,
    field: fieldParam(group.field),
    tz,
  });
}

/** Only create and update jobs have related catalog resources to preview. */
export function hasItemsTab(type: JobType): boolean {
  return JOB_TYPE_INFO[type].include !== null;
}

/**
 * The tab to show: the URL's when the job has it, otherwise errors when something failed, the items
 * when there are some to preview, and errors (saying there are none) for the rest.
 */
export function resolveTab(
  requested: DetailTab | null,
  job: { type: JobType; failedCount: number; errorCount: number },
): DetailTab {
  const items = hasItemsTab(job.type);
  if (requested && (requested !== "items" || items)) return requested;
  if (job.failedCount > 0 || job.errorCount > 0) return "errors";
  return items ? "items" : "errors";
}
