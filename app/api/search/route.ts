import { auditedDownload } from "@/lib/audit/download.server";
import { type ExportFormat, toCsv, toJson } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { SEARCH_EXPORT_COLUMNS, searchExportFileName, searchExportRow } from "@/lib/search/export";
import { parseSearchParams } from "@/lib/search/query";
import { EXPORT_LIMIT, search } from "@/lib/search/read.server";

export const dynamic = "force-dynamic";

const FORMATS: readonly ExportFormat[] = ["csv", "json"];

/**
 * `GET /api/search?q=&cursor=[&format=csv|json]`: the job history searched by job id prefix, SKU or
 * external id, error code and error words; one page of each group, newest first, or with a cursor the
 * next page of its group. With `format`, the results (up to 1,000 per group) as a download. No Klaviyo call.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const params = new URL(request.url).searchParams;
    const parsed = parseSearchParams(params, ["q", "cursor", "format"]);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const format = params.get("format");
    if (format === null) return jsonResponse(await search(parsed.value));
    if (!FORMATS.includes(format as ExportFormat)) throw new ApiError("bad_request", "format: csv or json");
    const answer = await search(parsed.value, { size: EXPORT_LIMIT });
    const rows = answer.groups.flatMap((group) => group.results.map(searchExportRow));
    const chosen = format as ExportFormat;
    return auditedDownload(
      request,
      chosen === "csv" ? toCsv(rows, SEARCH_EXPORT_COLUMNS) : toJson(rows),
      chosen,
      searchExportFileName(answer.q, chosen),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
});
