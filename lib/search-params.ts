/**
 * The URL contract of the job list, described once and shared by the page (server), the client view
 * and the route handler. Route handlers parse with zod; pages use the nuqs parsers below.
 */
import { z } from "zod";
import { DEFAULT_JOB_TYPE, JOB_STATUSES, JOB_TYPES } from "./job-types";

/** Klaviyo's cursor is opaque base64url; we pass it through as a parameter value, never as a URL. */
export const cursorSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[A-Za-z0-9_\-=.~]+$/, { message: "cursor must be an opaque page token" });

/** Klaviyo job ids are ULID-like; anything outside this shape is never sent upstream. */
export const jobIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, { message: "job id must be letters, digits, - or _" });

export const jobTypeSchema = z.enum(JOB_TYPES, {
  message: `type must be one of ${JOB_TYPES.join(", ")}`,
});
export const jobStatusSchema = z.enum(JOB_STATUSES, {
  message: `status must be one of ${JOB_STATUSES.join(", ")}`,
});

export const listQuerySchema = z.strictObject({
  type: jobTypeSchema.default(DEFAULT_JOB_TYPE),
  status: jobStatusSchema.optional(),
  cursor: cursorSchema.optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; message: string };

/** Parse `URLSearchParams` into a record, refusing repeated keys (which would be ambiguous). */
export function searchParamsRecord(params: URLSearchParams): ParseResult<Record<string, string>> {
  // No prototype: a key such as `__proto__` must become a parameter (and be refused), not a prototype.
  const record: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of params) {
    // zod's strict objects skip a `__proto__` key rather than report it: refuse it here.
    if (key === "__proto__") return { ok: false, message: `unknown parameter "${key}"` };
    if (Object.hasOwn(record, key)) return { ok: false, message: `parameter "${key}" is repeated` };
    record[key] = value;
  }
  return { ok: true, data: record };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : `${issue.path.join(".") || "input"}: ${issue.message}`,
    )
    .join("; ");
}

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, message: describeIssues(result.error) };
}

export function parseListQuery(params: URLSearchParams): ParseResult<ListQuery> {
  const record = searchParamsRecord(params);
  return record.ok ? parseWith(listQuerySchema, record.data) : record;
}

/* ---------------------------------------------------------------------------------------------
 * The job list's view state in the URL (nuqs). Parsed once by the page on the server and read by
 * the client view; the same values form the React Query key and the `/api/jobs` query.
 * ------------------------------------------------------------------------------------------- */
import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";

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
export const TIME_ZONES = ["local", "utc"] as const;
export type TimeZoneChoice = (typeof TIME_ZONES)[number];

export const jobListParsers = {
  type: parseAsStringLiteral(JOB_TYPES).withDefault(DEFAULT_JOB_TYPE),
  status: parseAsStringLiteral(JOB_STATUSES),
  cursor: parseAsString,
  refresh: parseAsNumberLiteral(REFRESH_INTERVALS).withDefault(DEFAULT_REFRESH),
  sort: parseAsStringLiteral(LIST_COLUMNS),
  dir: parseAsStringLiteral(SORT_DIRECTIONS).withDefault("desc"),
  hide: parseAsArrayOf(parseAsStringLiteral(LIST_COLUMNS)).withDefault([]),
  tz: parseAsStringLiteral(TIME_ZONES).withDefault("local"),
};

export const loadJobListParams = createLoader(jobListParsers);
export const serializeJobListParams = createSerializer(jobListParsers);

/** The part of the view that selects data (the rest only changes how it is shown). */
export function listQueryFrom(view: {
  type: ListQuery["type"];
  status: ListQuery["status"] | null;
  cursor: string | null;
}): ListQuery {
  const cursor = view.cursor && cursorSchema.safeParse(view.cursor).success ? view.cursor : undefined;
  return { type: view.type, ...(view.status ? { status: view.status } : {}), ...(cursor ? { cursor } : {}) };
}
