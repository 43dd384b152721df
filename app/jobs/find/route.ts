import { isApiErrorCode } from "@/lib/http/errors";
import { getJob } from "@/lib/klaviyo";
import { JOB_TYPES, isJobType } from "@/lib/job-types";
import { seeOther } from "@/lib/http/redirect";
import { jobIdSchema } from "@/lib/jobs/schemas.server";

export const dynamic = "force-dynamic";

/**
 * The find box without JavaScript: try the given type first, then the others, and redirect to the
 * first that has the job. With scripts the browser does the same lookup itself and never comes here.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const id = jobIdSchema.safeParse(url.searchParams.get("id")?.trim());
  const preferred = url.searchParams.get("type");
  const first = isJobType(preferred) ? preferred : "item-create";
  if (!id.success) return seeOther(`/jobs?type=${first}`);
  for (const type of [first, ...JOB_TYPES.filter((t) => t !== first)]) {
    try {
      await getJob({ type, id: id.data });
      return seeOther(`/jobs/${type}/${encodeURIComponent(id.data)}`);
    } catch (error) {
      if (!isApiErrorCode(error, "not_found")) break;
    }
  }
  // Found nowhere (or Klaviyo failed): the detail page of the preferred type explains either case.
  return seeOther(`/jobs/${first}/${encodeURIComponent(id.data)}`);
}


