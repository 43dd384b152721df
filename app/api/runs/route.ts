import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { parseRunsQuery } from "@/lib/runs/query.server";
import { getRecentRuns, getRun } from "@/lib/runs/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/runs?from=&to=[&gap=]`: one run, its jobs, their error entries grouped, and their aggregate
 * (the entries themselves are `GET /api/runs/errors`).
 * `GET /api/runs[?window=&gap=]`: recent runs, newest first, summaries only.
 * Bad input is a 400 envelope and never reaches Klaviyo.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseRunsQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    const query = parsed.data;
    return jsonResponse(query.kind === "run" ? await getRun(query) : await getRecentRuns(query));
  } catch (error) {
    return toErrorResponse(error);
  }
});
