/**
 * The URL contract of one job's page, `/jobs/{type}/{id}?tab=…&code=…&field=…&q=…&tz=…`, described once:
 * the page reads it with these parsers, and every "copy link" builds its URL with the serializer, so
 * a shared link opens exactly the view it was copied from.
 */
import { createLoader, createSerializer, type inferParserType, parseAsString, parseAsStringLiteral } from "nuqs/server";
import type { JobType } from "@/lib/job-types";
import { type TimeZoneChoice, timeZoneParser } from "@/lib/time-zone";
import { typesOf } from "./history-filter";
import { jobListParsers, loadJobListParams, serializeJobListParams } from "./list-params";

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
  /**
   * the job list view this page was opened from, as that list's query without `tz` (e.g.
   * `type=item-create&status=complete&hide=counts`): the breadcrumb leads back to it
   */
  back: parseAsString,
};

export const loadJobDetailParams = createLoader(jobDetailParsers);
export const serializeJobDetailParams = createSerializer(jobDetailParsers);

export function jobDetailPath(type: JobType, id: string): string {
  return `/jobs/${type}/${encodeURIComponent(id)}`;
}

/**
 * A job's page in the zone the linking view shows (`?tz=utc`; nothing for local time, the default),
 * and, from a job list, that list's query (`back`, see listQueryForBack) so its breadcrumb returns there.
 */
export function jobDetailHref(type: JobType, id: string, tz: TimeZoneChoice, back?: string | null): string {
  // The plain list of the job's type is where the page leads back anyway: no need to say it.
  const needed = back && back !== listQueryForBack({ type }) ? back : null;
  return serializeJobDetailParams(jobDetailPath(type, id), { tz, back: needed });
}

/** A job list view as a job page's `back`: the list's own parameters but its zone (the job page has its own). */
export function listQueryForBack(list: Partial<inferParserType<typeof jobListParsers>>): string {
  return serializeJobListParams({ ...list, tz: null }).replace(/^\?/, "");
}

/**
 * The job list a job page leads back to: the list named by `back` when it lists jobs of this type or
 * of every type (parsed again: a link's `back` is never trusted as a URL), otherwise the list of the
 * job's type; always in the page's current zone.
 */
export function jobListBackHref(type: JobType, back: string | null, tz: TimeZoneChoice): string {
  const list = back ? loadJobListParams(new URLSearchParams(back)) : null;
  if (!list || !(typesOf(list.type) ?? []).includes(type)) return serializeJobListParams("/jobs", { type, tz });
  return serializeJobListParams("/jobs", { ...list, tz });
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

/**
 * The tab to show: the URL's, otherwise errors when something failed and the items (created, updated
 * or deleted) when nothing did. Every job has an items tab: delete jobs list the ids they deleted.
 */
export function resolveTab(requested: DetailTab | null, job: { failedCount: number; errorCount: number }): DetailTab {
  if (requested) return requested;
  return job.failedCount > 0 || job.errorCount > 0 ? "errors" : "items";
}
