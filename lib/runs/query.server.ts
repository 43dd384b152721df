import "server-only";
/**
 * The runs URL contract parsed on the server (the page and `GET /api/runs`): see ./params for
 * the grammar. Kept apart so that zod never ships to the browser.
 */
import "server-only";
import { z } from "zod";
import { type ParseResult, parseWith, searchParamsRecord } from "@/lib/jobs/schemas.server";
import {
  DEFAULT_GAP_MINUTES,
  DEFAULT_RUN_WINDOW,
  MAX_GAP_MINUTES,
  MAX_RUN_SPAN_MS,
  RUN_WINDOWS,
  type RunQuery,
  type RunsQuery,
  type RunWindowChoice,
} from "./params";

export const runInstantSchema = z
  .string()
  .max(40)
  // A `+00:00` typed or pasted into a query string arrives as " 00:00" (`+` means space there).
  .transform((value) => value.replace(/ (\d{2}:\d{2})$/, "+$1"))
  .pipe(z.iso.datetime({ offset: true, message: "must be an ISO time such as 2026-11-28T14:03:11Z" }))
  .transform((value) => Date.parse(value));

export const gapSchema = z
  .string()
  .regex(/^\d{1,3}$/, { message: `gap must be whole minutes, 1 to ${MAX_GAP_MINUTES}` })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, { message: "gap must be at least 1 minute" })
      .max(MAX_GAP_MINUTES, { message: `gap must be at most ${MAX_GAP_MINUTES} minutes` }),
  );

const rawSchema = z.strictObject({
  from: runInstantSchema.optional(),
  to: runInstantSchema.optional(),
  gap: gapSchema.optional(),
  window: z.enum(RUN_WINDOWS, { message: `window must be one of ${RUN_WINDOWS.join(", ")}` }).optional(),
});

export const runsQuerySchema = rawSchema
  .superRefine((raw, ctx) => {
    if ((raw.from === undefined) !== (raw.to === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [raw.from === undefined ? "from" : "to"],
        message: "from and to go together",
      });
    }
    if (raw.from !== undefined && raw.window !== undefined) {
      ctx.addIssue({ code: "custom", path: ["window"], message: "window applies to the list of runs, not to one run" });
    }
    if (raw.from !== undefined && raw.to !== undefined) {
      if (raw.to < raw.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to must not be before from" });
      else if (raw.to - raw.from > MAX_RUN_SPAN_MS)
        ctx.addIssue({ code: "custom", path: ["to"], message: "a run spans at most 7 days" });
    }
  })
  .transform((raw): RunsQuery => {
    const gapMinutes = raw.gap ?? DEFAULT_GAP_MINUTES;
    return raw.from !== undefined && raw.to !== undefined
      ? { kind: "run", from: raw.from, to: raw.to, gapMinutes }
      : { kind: "recent", window: raw.window ?? DEFAULT_RUN_WINDOW, gapMinutes };
  });

export function parseRunsQuery(params: URLSearchParams): ParseResult<RunsQuery> {
  const record = searchParamsRecord(params);
  return record.ok ? parseWith(runsQuerySchema, record.data) : record;
}

export function runsQueryFromView(view: {
  from: string | null;
  to: string | null;
  gap: string | null;
  window: RunWindowChoice | null;
}): ParseResult<RunsQuery> {
  const record: Record<string, string> = {};
  for (const key of ["from", "to", "gap", "window"] as const) {
    const value = view[key];
    if (value !== null) record[key] = value;
  }
  return parseWith(runsQuerySchema, record);
}

export const RUN_EXPORT_FORMATS = ["csv", "json"] as const;
export type RunExportFormat = (typeof RUN_EXPORT_FORMATS)[number];

/** `/api/runs/errors?from=&to=[&gap=][&format=csv|json]`: one run (a window is required), CSV by default. */
export function parseRunExportQuery(params: URLSearchParams): ParseResult<{ run: RunQuery; format: RunExportFormat }> {
  const record = searchParamsRecord(params);
  if (!record.ok) return record;
  const { format = "csv", ...rest } = record.data;
  const chosen = RUN_EXPORT_FORMATS.find((f) => f === format);
  if (!chosen) return { ok: false, message: `format must be one of ${RUN_EXPORT_FORMATS.join(", ")}` };
  const parsed = parseWith(runsQuerySchema, rest);
  if (!parsed.ok) return parsed;
  if (parsed.data.kind !== "run") return { ok: false, message: "from and to are required: the export is of one run" };
  return { ok: true, data: { run: parsed.data, format: chosen } };
}
