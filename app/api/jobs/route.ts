import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { listAllTypes } from "@/lib/jobs/all-types.server";
import { parseListQuery } from "@/lib/jobs/schemas.server";
import { listJobs, toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * `GET /api/jobs?type=&status=&cursor=`: one page of jobs of one type from Klaviyo, newest first;
 * `type=all`: every type, from the job history.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const query = parseListQuery(new URL(request.url).searchParams);
    if (!query.ok) throw new ApiError("bad_request", query.message);
    const { type, ...rest } = query.data;
    return jsonResponse(type === "all" ? await listAllTypes(rest) : await listJobs({ type, ...rest }));
  } catch (error) {
    return toErrorResponse(error);
  }
});
