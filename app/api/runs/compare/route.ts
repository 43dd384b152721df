import { auditedDownload } from "@/lib/audit/download.server";
import { toCsv, toJson } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { COMPARISON_COLUMNS, comparisonRows } from "@/lib/runs/compare";
import { getComparison } from "@/lib/runs/compare.server";
import { runName } from "@/lib/runs/compare-params";
import { parseCompareQuery } from "@/lib/runs/compare-query.server";
import { findPreviousRun } from "@/lib/runs/previous.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/runs/compare?a=from..to&b=from..to[&gap=][&format=csv|json]`: run b against run a (every
 * delta is b − a). Without `a`, b against the run before it, found in the job history (404
 * `not_found` when there is none, with why). With `format`, the comparison as a download.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseCompareQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const { b, gapMinutes, format } = parsed.data;
    let a = parsed.data.a;
    if (!a) {
      const previous = await findPreviousRun(b, gapMinutes);
      if (!previous.found) throw new ApiError("not_found", previous.message);
      a = previous.run;
    }
    const answer = await getComparison({ a, b, gapMinutes });
    if (!format) return jsonResponse(answer);
    if (!answer.comparison) {
      throw new ApiError(
        "not_found",
        `No job of run ${answer.empty.join(" and ")} is held: there is nothing to export.`,
      );
    }
    const rows = comparisonRows(answer.comparison);
    const name = `runs-${runName(a)}-vs-${runName(b)}`.replace(/[:.]/g, "-");
    return auditedDownload(
      request,
      format === "csv" ? toCsv(rows, COMPARISON_COLUMNS) : toJson(rows),
      format,
      `${name}.${format}`,
    );
  } catch (error) {
    return toErrorResponse(error);
  }
});
