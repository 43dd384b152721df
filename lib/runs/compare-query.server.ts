import "server-only";
/** `/runs/compare` and `GET /api/runs/compare` parsed on the server: see ./compare-params for the grammar. */
import { z } from "zod";
import { type ParseResult, parseWith, searchParamsRecord } from "@/lib/jobs/schemas.server";
import type { RunName } from "./compare-params";
import { DEFAULT_GAP_MINUTES, MAX_RUN_SPAN_MS } from "./params";
import { gapSchema, runInstantSchema } from "./query.server";

const runNameSchema = (side: "a" | "b") =>
  z
    .string()
    .max(90)
    .transform((value, ctx): RunName => {
      const parts = value.split("..");
      const from = parts.length === 2 ? runInstantSchema.safeParse(parts[0]) : null;
      const to = parts.length === 2 ? runInstantSchema.safeParse(parts[1]) : null;
      if (!from?.success || !to?.success) {
        ctx.addIssue({
          code: "custom",
          message: `${side} must name a run as from..to, two ISO times such as 2026-11-28T14:03:11Z`,
        });
        return z.NEVER;
      }
      if (to.data < from.data) ctx.addIssue({ code: "custom", message: `${side}: to must not be before from` });
      else if (to.data - from.data > MAX_RUN_SPAN_MS)
        ctx.addIssue({ code: "custom", message: `${side}: a run spans at most 7 days` });
      return { from: from.data, to: to.data };
    });

export const COMPARE_FORMATS = ["csv", "json"] as const;

const compareSchema = z.strictObject({
  a: runNameSchema("a").optional(),
  b: runNameSchema("b"),
  gap: gapSchema.optional(),
  format: z.enum(COMPARE_FORMATS, { message: `format must be one of ${COMPARE_FORMATS.join(", ")}` }).optional(),
});

export interface CompareQuery {
  /** null: the run before b */
  a: RunName | null;
  b: RunName;
  gapMinutes: number;
  format: (typeof COMPARE_FORMATS)[number] | null;
}

export function parseCompareRecord(record: Record<string, string>): ParseResult<CompareQuery> {
  const parsed = parseWith(compareSchema, record);
  if (!parsed.ok) return parsed;
  const { a, b, gap, format } = parsed.data;
  return { ok: true, data: { a: a ?? null, b, gapMinutes: gap ?? DEFAULT_GAP_MINUTES, format: format ?? null } };
}

export function parseCompareQuery(params: URLSearchParams): ParseResult<CompareQuery> {
  const record = searchParamsRecord(params);
  return record.ok ? parseCompareRecord(record.data) : record;
}
