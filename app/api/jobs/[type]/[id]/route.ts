import { z } from "zod";
import { ApiError } from "@/lib/http/errors";
import { jsonResponse } from "@/lib/http/json";
import { getJob, toErrorResponse } from "@/lib/klaviyo";
import { jobIdSchema, jobTypeSchema, parseWith } from "@/lib/jobs/schemas.server";

export const dynamic = "force-dynamic";

const paramsSchema = z.strictObject({ type: jobTypeSchema, id: jobIdSchema });

/** `GET /api/jobs/{type}/{id}`: one job with its errors and related catalog resources. */
export async function GET(request: Request, context: { params: Promise<{ type: string; id: string }> }): Promise<Response> {
  try {
    // The handler takes no query parameters; refusing them keeps every URL meaning one thing.
    if (new URL(request.url).search !== "") throw new ApiError("bad_request", "this route takes no query parameters");
    const params = parseWith(paramsSchema, await context.params);
    if (!params.ok) throw new ApiError("bad_request", params.message);
    return jsonResponse(await getJob(params.data));
  } catch (error) {
    return toErrorResponse(error);
  }
}
