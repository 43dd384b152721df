import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { readStatus } from "@/lib/status/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/status`: this instance's Klaviyo calls per endpoint against its caps and Klaviyo's limits,
 * jobs in progress, and the state of Redis, the store and the collector. No Klaviyo call.
 */
export const GET = observed(async (): Promise<Response> => {
  try {
    return jsonResponse(await readStatus());
  } catch (error) {
    return toErrorResponse(error);
  }
});
