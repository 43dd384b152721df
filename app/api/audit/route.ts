import { parseBefore, readAudit } from "@/lib/audit/read.server";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * `GET /api/audit?before=<ISO time>&id=<entry id>`: the audit log, newest first, 100 at a time, from
 * after the entry `older` named (admins of every account).
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    const params = new URL(request.url).searchParams;
    return jsonResponse(await readAudit(parseBefore(params.get("before"), params.get("id"))));
  } catch (error) {
    return toErrorResponse(error);
  }
});
