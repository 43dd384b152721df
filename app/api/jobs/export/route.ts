import { auditedDownload } from "@/lib/audit/download.server";
import { toCsv, toJson } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { exportHistoryList, LIST_EXPORT_COLUMNS, parseListExportQuery } from "@/lib/jobs/list-export.server";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * `GET /api/jobs/export?<the list's query>&format=csv|json`: every job a list read from the job
 * history selects, in its order, from its first row, at most 10,000 (`X-Export-Truncated: true` and
 * a file name ending `-first-10000` when more matched). Bad input is a 400 envelope.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseListExportQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const { query, format } = parsed.data;
    const { rows, truncated } = await exportHistoryList(query);
    const name = `jobs-${query.order ?? "newest"}${truncated ? `-first-${rows.length}` : ""}.${format}`;
    return auditedDownload(request, format === "csv" ? toCsv(rows, LIST_EXPORT_COLUMNS) : toJson(rows), format, name, {
      "X-Export-Truncated": String(truncated),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
});
