import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { getJobOrKept } from "@/lib/jobs/kept.server";
import { parseJobRoute } from "@/lib/jobs/route";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/** `GET /api/jobs/{type}/{id}`: one job with its errors and related catalog resources. */
export const GET = observed(
  async (request: Request, context: { params: Promise<{ type: string; id: string }> }): Promise<Response> => {
    try {
      // The handler takes no query parameters; refusing them keeps every URL meaning one thing.
      if (new URL(request.url).search !== "") throw new ApiError("bad_request", "this route takes no query parameters");
      const route = parseJobRoute(await context.params);
      if (!route.ok) throw new ApiError("bad_request", route.message);
      return jsonResponse(await getJobOrKept({ type: route.type, id: route.id }));
    } catch (error) {
      return toErrorResponse(error);
    }
  },
);
