import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse, upstreamKind } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import type { Health } from "@/lib/types";

export const dynamic = "force-dynamic";

/** Liveness for load balancers and Playwright's webServer: no Klaviyo call, no budget spent. */
export const GET = observed(async (): Promise<Response> => {
  try {
    const body: Health = { ok: true, upstream: await upstreamKind() };
    return jsonResponse(body);
  } catch (error) {
    return toErrorResponse(error);
  }
});
