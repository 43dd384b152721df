import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { parseListQuery } from "@/lib/jobs/schemas.server";
import { listJobs, toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/** `GET /api/jobs?type=&status=&cursor=`: one page of jobs of one type, newest first. */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const query = parseListQuery(new URL(request.url).searchParams);
    if (!query.ok) throw new ApiError("bad_request", query.message);
    return jsonResponse(await listJobs(query.data));
  } catch (error) {
    return toErrorResponse(error);
  }
});
