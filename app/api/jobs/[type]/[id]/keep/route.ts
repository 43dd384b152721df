import { auditKeep } from "@/lib/audit/record.server";
import { jobKeepState, keepJob } from "@/lib/history/keep.server";
import { readKeepBody } from "@/lib/history/keep-body.server";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { parseJobRoute } from "@/lib/jobs/route";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ type: string; id: string }> };

async function routeOf(request: Request, context: Context) {
  if (new URL(request.url).search !== "") throw new ApiError("bad_request", "this route takes no query parameters");
  const route = parseJobRoute(await context.params);
  if (!route.ok) throw new ApiError("bad_request", route.message);
  return { type: route.type, id: route.id };
}

/** `GET /api/jobs/{type}/{id}/keep`: whether the history holds the job, and keeps it past retention. */
export const GET = observed(async (request: Request, context: Context): Promise<Response> => {
  try {
    return jsonResponse(await jobKeepState(await routeOf(request, context)));
  } catch (error) {
    return toErrorResponse(error);
  }
});

/** `PUT /api/jobs/{type}/{id}/keep` with `{ "keep": true | false }`: keep the job past retention, or stop. */
export const PUT = observed(async (request: Request, context: Context): Promise<Response> => {
  try {
    const query = await routeOf(request, context);
    const keep = await readKeepBody(request);
    const answer = await keepJob(query, keep);
    await auditKeep(request, keep);
    return jsonResponse(answer);
  } catch (error) {
    return toErrorResponse(error);
  }
});
