import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { readLiveOrHistory } from "@/lib/jobs/read-list.server";
import { parseListQuery } from "@/lib/jobs/schemas.server";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * `GET /api/jobs?type=&status=&cursor=`: one page of jobs of one type from Klaviyo, newest first;
 * `type=all`, several types (`type=a,b`) or any of `from`, `to`, `failed`, `rate`, `order`: the job
 * history (lib/jobs/history-filter).
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const query = parseListQuery(new URL(request.url).searchParams);
    if (!query.ok) throw new ApiError("bad_request", query.message);
    return jsonResponse(await readLiveOrHistory(query.data));
  } catch (error) {
    return toErrorResponse(error);
  }
});
