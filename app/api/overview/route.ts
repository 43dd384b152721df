import { visibleAccounts } from "@/lib/accounts/visible.server";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { parseOverviewQuery } from "@/lib/overview/query.server";
import { getOverview } from "@/lib/overview/read.server";

export const dynamic = "force-dynamic";

/**
 * `GET /api/overview[?window=]`: every visible account's runs in the window and their totals, from the
 * job history only (no Klaviyo call). Bad input is a 400 envelope.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const parsed = parseOverviewQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
    return jsonResponse(await getOverview(parsed.data, { accounts: await visibleAccounts() }));
  } catch (error) {
    return toErrorResponse(error);
  }
});
