import "server-only";
/** The overview's query parsed on the server, for the page and `GET /api/overview` alike (zod stays off the browser). */
import { z } from "zod";
import { type ParseResult, parseWith, searchParamsRecord } from "@/lib/jobs/schemas.server";
import { DEFAULT_OVERVIEW_WINDOW, OVERVIEW_WINDOWS, type OverviewQuery } from "./params";

const overviewQuerySchema = z
  .strictObject({
    window: z.enum(OVERVIEW_WINDOWS, { message: `window must be one of ${OVERVIEW_WINDOWS.join(", ")}` }).optional(),
  })
  .transform((raw): OverviewQuery => ({ window: raw.window ?? DEFAULT_OVERVIEW_WINDOW }));

export function parseOverviewQuery(params: URLSearchParams): ParseResult<OverviewQuery> {
  const record = searchParamsRecord(params);
  return record.ok ? parseWith(overviewQuerySchema, record.data) : record;
}

/** The page's view (nuqs) through the same schema, so the page refuses exactly what the API refuses. */
export function overviewQueryFromView(view: { window: string | null }): ParseResult<OverviewQuery> {
  return parseWith(overviewQuerySchema, view.window === null ? {} : { window: view.window });
}
