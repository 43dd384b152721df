import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { apiErrorResponse } from "@/lib/http/json";
import { hasBearerToken } from "@/lib/observability/bearer";
import { metrics } from "@/lib/observability/metrics";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * `GET /api/metrics`: Prometheus text, for a scraper holding `METRICS_TOKEN` as a bearer token.
 * Without METRICS_TOKEN the route does not exist (404, like any unknown API path); a missing or wrong
 * token gets a bare 401.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return apiErrorResponse(new ApiError("not_found", "No such API route."));
  if (!hasBearerToken(request.headers.get("authorization"), token)) {
    const response = apiErrorResponse(new ApiError("unauthorized", "Unauthorized."));
    response.headers.set("www-authenticate", "Bearer");
    return response;
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
});
