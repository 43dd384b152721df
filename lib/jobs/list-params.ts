/**
 * The job list's URL as the browser sees it: the nuqs parsers of the view, and the shapes of a job id
 * and a page cursor. No zod here: this module ships to every page, and the route handlers' schemas
 * (lib/jobs/schemas.server.ts) are built from the same patterns.
 */
import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { DEFAULT_JOB_TYPE, JOB_STATUSES, JOB_TYPE_INFO, JOB_TYPES, type KnownJobStatus } from "@/lib/job-types";
import { timeZoneParser } from "@/lib/time-zone";

/** Klaviyo's cursor is opaque base64url; we pass it through as a parameter value, never as a URL. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_\-=.~]+$/;
export const CURSOR_MAX_LENGTH = 1024;
/** Klaviyo job ids are ULID-like; anything outside this shape is never sent upstream. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const JOB_ID_MAX_LENGTH = 64;

export const isCursor = (value: string): boolean => value.length <= CURSOR_MAX_LENGTH && CURSOR_PATTERN.test(value);
export const isJobId = (value: string): boolean => value.length <= JOB_ID_MAX_LENGTH && JOB_ID_PATTERN.test(value);

/**
 * `type=all`: every type at once. Klaviyo lists each type on its own, so that list is read from the
 * job history (newest first across types), not from Klaviyo.
 */
export const ALL_TYPES = "all";
export const JOB_LIST_TYPES = [ALL_TYPES, ...JOB_TYPES] as const;
export type ListType = (typeof JOB_LIST_TYPES)[number];

/** What a page of the list asks for: Klaviyo for one type, the job history for all of them. */
export interface ListQuery {
  type: ListType;
  status?: KnownJobStatus;
  cursor?: string;
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
  type: parseAsStringLiteral(JOB_LIST_TYPES).withDefault(DEFAULT_JOB_TYPE),
  status: parseAsStringLiteral(JOB_STATUSES),
  cursor: parseAsString,
  refresh: parseAsNumberLiteral(REFRESH_INTERVALS).withDefault(DEFAULT_REFRESH),
  sort: parseAsStringLiteral(LIST_COLUMNS),
  dir: parseAsStringLiteral(SORT_DIRECTIONS).withDefault("desc"),
  hide: parseAsArrayOf(parseAsStringLiteral(LIST_COLUMNS)).withDefault([]),
  tz: timeZoneParser,
};

export const loadJobListParams = createLoader(jobListParsers);

/** The list's name in its tab: "Item create jobs, processing", or "All job types, complete". */
export function jobListTitle(type: ListType, status: KnownJobStatus | null): string {
  const name = type === ALL_TYPES ? "All job types" : `${JOB_TYPE_INFO[type].label} jobs`;
  return `${name}${status ? `, ${status}` : ""}`;
}
export const serializeJobListParams = createSerializer(jobListParsers);

/** The part of the view that selects data (the rest only changes how it is shown). */
export function listQueryFrom(view: {
  type: ListType;
  status: KnownJobStatus | null;
  cursor: string | null;
}): ListQuery {
  const cursor = view.cursor && isCursor(view.cursor) ? view.cursor : undefined;
  return { type: view.type, ...(view.status ? { status: view.status } : {}), ...(cursor ? { cursor } : {}) };
}
