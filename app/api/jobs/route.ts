import { ApiError } from "@/lib/errors";
import { jsonResponse, listJobs, toErrorResponse } from "@/lib/klaviyo";
import { parseListQuery } from "@/lib/search-params";

export const dynamic = "force-dynamic";

/** `GET /api/jobs?type=&status=&cursor=`: one page of jobs of one type, newest first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = parseListQuery(new URL(request.url).searchParams);
    if (!query.ok) throw new ApiError("bad_request", query.message);
    return jsonResponse(await listJobs(query.data));
  } catch (error) {
    return toErrorResponse(error);
  }
}
