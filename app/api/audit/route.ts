import { parseBefore, readAudit } from "@/lib/audit/read.server";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/** `GET /api/audit?before=<ISO time>`: the audit log, newest first, 100 at a time (admins of every account). */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    return jsonResponse(await readAudit(parseBefore(new URL(request.url).searchParams.get("before"))));
  } catch (error) {
    return toErrorResponse(error);
  }
});
