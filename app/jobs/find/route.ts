import { isApiErrorCode } from "@/lib/http/errors";
import { seeOther } from "@/lib/http/redirect";
import { DEFAULT_JOB_TYPE, JOB_TYPES } from "@/lib/job-types";
import { jobDetailPath } from "@/lib/jobs/detail-params";
import { serializeJobListParams } from "@/lib/jobs/list-params";
import { parseJobRoute } from "@/lib/jobs/route";
import { getJob } from "@/lib/klaviyo";

export const dynamic = "force-dynamic";

/**
 * The find box without JavaScript: try the given type first, then the others, and redirect to the
 * first that has the job. With scripts the browser does the same lookup itself and never comes here.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  // The id was typed into a box: trimmed first. The type is only a preference; not a type, the default.
  const route = parseJobRoute({ type: url.searchParams.get("type"), id: url.searchParams.get("id")?.trim() });
  const first = route.type ?? DEFAULT_JOB_TYPE;
  const id = route.id;
  if (id === null) return seeOther(serializeJobListParams("/jobs", { type: first }));
  for (const type of [first, ...JOB_TYPES.filter((t) => t !== first)]) {
    try {
      await getJob({ type, id });
      return seeOther(jobDetailPath(type, id));
    } catch (error) {
      if (!isApiErrorCode(error, "not_found")) break;
    }
  }
  // Found nowhere (or Klaviyo failed): the detail page of the preferred type explains either case.
  return seeOther(jobDetailPath(first, id));
}
