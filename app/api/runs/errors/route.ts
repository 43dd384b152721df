import { auditedDownload } from "@/lib/audit/download.server";
import { toCsv, toJson } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { EXPORT_COLUMNS } from "@/lib/jobs/error-groups";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { runExportFileName } from "@/lib/runs/params";
import { parseRunExportQuery } from "@/lib/runs/query.server";
import { getRunErrorRows } from "@/lib/runs/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/runs/errors?from=&to=[&gap=][&format=csv|json]`: every error entry of one run's jobs, one
 * row each, as a download (the run page's export). Read like `GET /api/runs?from=&to=`, through the
 * same cache, so the export costs no upstream call when the page was just read. Bad input is a 400
 * envelope and never reaches Klaviyo.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseRunExportQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const { run, format } = parsed.data;
    const rows = await getRunErrorRows(run);
    return auditedDownload(
      request,
      format === "csv" ? toCsv(rows, EXPORT_COLUMNS) : toJson(rows),
      format,
      runExportFileName(run.from, format),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
});
