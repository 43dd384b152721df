/**
 * The job list's URL as the browser sees it: the nuqs parsers of the view, and the shapes of a job id
 * and a page cursor. No zod here: this module ships to every page, and the route handlers' schemas
 * (lib/jobs/schemas.server.ts) are built from the same patterns.
 */
import {
  createLoader,
  createParser,
  createSerializer,
  parseAsArrayOf,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import {
  DEFAULT_JOB_TYPE,
  isJobType,
  JOB_STATUSES,
  JOB_TYPE_INFO,
  JOB_TYPES,
  type JobType,
  type KnownJobStatus,
} from "@/lib/job-types";
import { timeZoneParser } from "@/lib/time-zone";
import { type HistoryFilterParams, hasHistoryFilter, typesOf, typeValue } from "./history-filter";

/** Klaviyo's cursor is opaque base64url; we pass it through as a parameter value, never as a URL. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_\-=.~]+$/;
export const CURSOR_MAX_LENGTH = 1024;
/** Klaviyo job ids are ULID-like; anything outside this shape is never sent upstream. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const JOB_ID_MAX_LENGTH = 64;

export const isCursor = (value: string): boolean => value.length <= CURSOR_MAX_LENGTH && CURSOR_PATTERN.test(value);
export const isJobId = (value: string): boolean => value.length <= JOB_ID_MAX_LENGTH && JOB_ID_PATTERN.test(value);

/**
 * `type=all`: every type at once; `type=item-create,variant-create`: several. Klaviyo lists each type
 * on its own, so those lists are read from the job history (newest first across types), not from
 * Klaviyo. One type alone is Klaviyo's live list, unless a filter only the history has is set.
 */
export const ALL_TYPES = "all";
export const JOB_LIST_TYPES = [ALL_TYPES, ...JOB_TYPES] as const;
/** `all`, one type, or a canonical comma list of two or more types. */
export type ListType = (typeof JOB_LIST_TYPES)[number] | `${JobType},${string}`;

/** The list's `type` in the URL; anything that is not one, or a list of them, falls back to the default. */
export const listTypeParser = createParser<ListType>({
  parse: (value) => {
    const types = typesOf(value);
    return types && types.length > 0 ? (typeValue(types) as ListType) : null;
  },
  serialize: (value) => value,
});

/** What a page of the list asks for: Klaviyo for one type, the job history for the rest. */
export interface ListQuery extends HistoryFilterParams {
  type: ListType;
  status?: KnownJobStatus;
  cursor?: string;
}

/** Whether a list is read from the job history: several types, or a filter Klaviyo has not. */
export function readsHistory(query: ListQuery): boolean {
  return !isJobType(query.type) || hasHistoryFilter(query);
}

export const REFRESH_INTERVALS = [0, 5, 15, 30, 60] as const;
export type RefreshInterval = (typeof REFRESH_INTERVALS)[number];
export const DEFAULT_REFRESH: RefreshInterval = 15;

export const LIST_COLUMNS = [
  "id",
  "status",
  "progress",
  "counts",
  "created",
  "completed",
  "duration",
  "expires",
] as const;
export type ListColumn = (typeof LIST_COLUMNS)[number];

export const SORT_DIRECTIONS = ["asc", "desc"] as const;

export const jobListParsers = {
  type: listTypeParser.withDefault(DEFAULT_JOB_TYPE),
  status: parseAsStringLiteral(JOB_STATUSES),
  cursor: parseAsString,
  // The history's filters stay strings here: the server refuses a bad one with a message (a parser
  // would drop it silently, and the list would show more than the link asked for).
  from: parseAsString,
  to: parseAsString,
  failed: parseAsString,
  rate: parseAsString,
  order: parseAsString,
  refresh: parseAsNumberLiteral(REFRESH_INTERVALS).withDefault(DEFAULT_REFRESH),
  sort: parseAsStringLiteral(LIST_COLUMNS),
  dir: parseAsStringLiteral(SORT_DIRECTIONS).withDefault("desc"),
  hide: parseAsArrayOf(parseAsStringLiteral(LIST_COLUMNS)).withDefault([]),
  tz: timeZoneParser,
};

export const loadJobListParams = createLoader(jobListParsers);

/** The list's name in its tab: "Item create jobs, processing", "All job types, complete", "2 job types". */
export function jobListTitle(type: ListType, status: KnownJobStatus | null): string {
  const name =
    type === ALL_TYPES
      ? "All job types"
      : isJobType(type)
        ? `${JOB_TYPE_INFO[type].label} jobs`
        : (typesOf(type) ?? []).map((t) => JOB_TYPE_INFO[t].label).join(", ") + " jobs";
  return `${name}${status ? `, ${status}` : ""}`;
}
export const serializeJobListParams = createSerializer(jobListParsers);

const FILTER_KEYS = ["from", "to", "failed", "rate", "order"] as const;

/** The part of the view that selects data (the rest only changes how it is shown). */
export function listQueryFrom(
  view: {
    type: ListType;
    status: KnownJobStatus | null;
    cursor: string | null;
  } & { [K in (typeof FILTER_KEYS)[number]]?: string | null },
): ListQuery {
  const cursor = view.cursor && isCursor(view.cursor) ? view.cursor : undefined;
  const query: ListQuery = { type: view.type, ...(view.status ? { status: view.status } : {}) };
  for (const key of FILTER_KEYS) {
    const value = view[key];
    if (value) query[key] = value;
  }
  if (cursor) query.cursor = cursor;
  return query;
}
