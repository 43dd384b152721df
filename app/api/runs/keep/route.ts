import { auditKeep } from "@/lib/audit/record.server";
import { keepRun, runKeepState } from "@/lib/history/keep.server";
import { readKeepBody } from "@/lib/history/keep-body.server";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { toErrorResponse } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { parseRunsQuery } from "@/lib/runs/query.server";

export const dynamic = "force-dynamic";

function windowOf(request: Request) {
  const parsed = parseRunsQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new ApiError("bad_request", parsed.message);
  if (parsed.data.kind !== "run") throw new ApiError("bad_request", "from and to are required: a run is kept");
  return { from: new Date(parsed.data.from), to: new Date(parsed.data.to) };
}

/** `GET /api/runs/keep?from=&to=`: how many of the run's jobs the history holds, and how many it keeps past retention. */
export const GET = observed(async (request: Request): Promise<Response> => {
  try {
    return jsonResponse(await runKeepState(windowOf(request)));
  } catch (error) {
    return toErrorResponse(error);
  }
});

/** `PUT /api/runs/keep?from=&to=` with `{ "keep": true | false }`: keep every job of the run past retention, or stop. */
export const PUT = observed(async (request: Request): Promise<Response> => {
  try {
    const window = windowOf(request);
    const keep = await readKeepBody(request);
    const answer = await keepRun(window, keep);
    await auditKeep(request, keep);
    return jsonResponse(answer);
  } catch (error) {
    return toErrorResponse(error);
  }
});
