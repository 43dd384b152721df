import { auditedDownload } from "@/lib/audit/download.server";
import { toCsv } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { TREND_CSV_COLUMNS, trendCsvRows } from "@/lib/trends/answer";
import { parseTrendsApiQuery } from "@/lib/trends/query.server";
import { getTrends } from "@/lib/trends/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/trends?from=&to=[&zone=][&format=csv|json]`: daily trends from the job history (no
 * Klaviyo call). Without `format` the answer is JSON for the page; with it, a download: CSV one row
 * per day, or the whole answer as JSON. Bad input is a 400 envelope; 503 while the store is away.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseTrendsApiQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const { query, format } = parsed.data;
    const answer = await getTrends(query);
    if (!format) return jsonResponse(answer);
    const body =
      format === "csv" ? toCsv(trendCsvRows(answer), [...TREND_CSV_COLUMNS]) : `${JSON.stringify(answer, null, 2)}\n`;
    return auditedDownload(request, body, format, `trends-${query.from}-to-${query.to}.${format}`);
  } catch (error) {
    return toErrorResponse(error);
  }
});
