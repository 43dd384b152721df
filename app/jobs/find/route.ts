import { accountHref } from "@/lib/accounts/current.server";
import { seeOther } from "@/lib/http/redirect";
import { DEFAULT_JOB_TYPE, isJobType } from "@/lib/job-types";
import { jobDetailPath, loadJobDetailParams, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import { serializeJobListParams } from "@/lib/jobs/list-params";
import { targetOf } from "@/lib/search/find-box";
import { searchHref } from "@/lib/search/query";
import { timeZoneParser } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

/**
 * The header's box without JavaScript: a job id, a dashboard job link or a Klaviyo API link opens the
 * job's page under the type the link names, or else the preferred type. That page looks under the
 * other types itself when the job is not there, and redirects or says where it looked. Any other text
 * (a SKU, an error code, words) opens the search; text that cannot be searched, the preferred list.
 */
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const preferred = url.searchParams.get("type");
  // The type is only a preference; not a type, the default.
  const first = isJobType(preferred) ? preferred : DEFAULT_JOB_TYPE;
  // The zone of the page the box was on (an empty or unknown one is local time).
  const tz = timeZoneParser.parseServerSide(url.searchParams.get("tz") || undefined);
  const target = targetOf(url.searchParams.get("id") ?? "");
  if (target.kind === "invalid")
    return seeOther(await accountHref(serializeJobListParams("/jobs", { type: first, tz })));
  if (target.kind === "search") return seeOther(await accountHref(searchHref(target.text, null, tz)));
  const { reference } = target;
  const pasted = new URLSearchParams(reference.search);
  const view = loadJobDetailParams(pasted);
  return seeOther(
    await accountHref(
      serializeJobDetailParams(jobDetailPath(reference.type ?? first, reference.id), {
        ...view,
        tz: pasted.has("tz") ? view.tz : tz,
      }),
    ),
  );
}
