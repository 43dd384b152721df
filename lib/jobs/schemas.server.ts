import "server-only";
/**
 * The job list's URL contract on the server: zod schemas for route handlers and the proxy, built
 * from the patterns in ./list-params (which the browser uses, without zod).
 */
import { z } from "zod";
import { DEFAULT_JOB_TYPE, JOB_STATUSES, JOB_TYPES } from "@/lib/job-types";
import { parseHistoryFilter, typesOf, typeValue } from "./history-filter";
import {
  CURSOR_MAX_LENGTH,
  CURSOR_PATTERN,
  JOB_ID_MAX_LENGTH,
  JOB_ID_PATTERN,
  type ListQuery,
  type ListType,
} from "./list-params";
import { JOB_ID_MESSAGE, JOB_TYPE_MESSAGE } from "./route";

export const cursorSchema = z
  .string()
  .min(1)
  .max(CURSOR_MAX_LENGTH)
  .regex(CURSOR_PATTERN, { message: "cursor must be an opaque page token" });

export const jobIdSchema = z.string().min(1).max(JOB_ID_MAX_LENGTH).regex(JOB_ID_PATTERN, { message: JOB_ID_MESSAGE });

export const jobTypeSchema = z.enum(JOB_TYPES, {
  message: JOB_TYPE_MESSAGE,
});
export const jobStatusSchema = z.enum(JOB_STATUSES, {
  message: `status must be one of ${JOB_STATUSES.join(", ")}`,
});

/** A list's type: one job type, several as a comma list, or `all` (every type, from the job history). */
export const listTypeSchema = z.string().transform((value, ctx) => {
  const types = typesOf(value);
  if (types && types.length > 0) return typeValue(types) as ListType;
  ctx.addIssue({
    code: "custom",
    message: `type must be all, one of ${JOB_TYPES.join(", ")}, or several of them separated by commas`,
  });
  return z.NEVER;
});

const filterText = z.string().max(64, { message: "too long" });

export const listQuerySchema: z.ZodType<ListQuery> = z
  .strictObject({
    type: listTypeSchema.default(DEFAULT_JOB_TYPE),
    status: jobStatusSchema.optional(),
    cursor: cursorSchema.optional(),
    from: filterText.optional(),
    to: filterText.optional(),
    failed: filterText.optional(),
    rate: filterText.optional(),
    order: filterText.optional(),
  })
  .superRefine((query, ctx) => {
    const parsed = parseHistoryFilter(query);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message, path: [parsed.param] });
  });

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
