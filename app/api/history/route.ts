import { historyFacts } from "@/lib/history/facts.server";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/** `GET /api/history`: whether the job history answers, where it starts, and the collector's last pass. No Klaviyo call. */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    if (new URL(request.url).search !== "") throw new ApiError("bad_request", "this route takes no query parameters");
    return jsonResponse(await historyFacts());
  } catch (error) {
    return toErrorResponse(error);
  }
});
