import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { parseSkuRequest } from "@/lib/search/query";
import { skuStory } from "@/lib/search/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/skus/{sku}?cursor=`: every job of the history that touched this SKU or external id (URL
 * encoded), newest first, 50 a page, with what happened to it each time. No Klaviyo call.
 */
export const GET = observed(
  async (request: Request, context: { params: Promise<{ sku: string }> }): Promise<Response> => {
    try {
      const parsed = parseSkuRequest((await context.params).sku, new URL(request.url).searchParams);
      if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
      return jsonResponse(await skuStory(parsed.value.sku, parsed.value.cursor));
    } catch (error) {
      return toErrorResponse(error);
    }
  },
);
