"use client";

import { useParams, useSearchParams } from "next/navigation";
import { Anchor, Link } from "@/components/account-link";
import { cx } from "@/components/ui/class-names";
import { focusRing } from "@/components/ui/focus-ring";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { jobDetailPath, jobListBackHref, loadJobDetailParams } from "@/lib/jobs/detail-params";
import { serializeJobListParams } from "@/lib/jobs/list-params";
import type { JobLookup } from "@/lib/jobs/lookup.server";
import { parseJobRoute } from "@/lib/jobs/route";

const linkClass = cx("font-medium text-accent underline underline-offset-2", focusRing);

const STOPPED: Record<Extract<JobLookup, { kind: "incomplete" }>["code"], string> = {
  rate_limited: "Klaviyo asked the dashboard to slow down",
  timeout: "Klaviyo took too long to answer",
  bad_request: "Klaviyo refused a request",
  unauthorized: "the dashboard is not signed in",
  reauthenticate: "your sign-in is being confirmed again",
  overloaded: "the dashboard was too busy",
  unavailable: "the dashboard was starting again",
  forbidden: "the dashboard may not read jobs",
  not_found: "Klaviyo answered oddly",
  upstream_auth: "Klaviyo refused the dashboard's API key",
  upstream_invalid: "Klaviyo's answer could not be read",
  upstream_error: "Klaviyo had an error",
  upstream_unavailable: "Klaviyo is unavailable",
  upstream_timeout: "Klaviyo took too long to answer",
  store_unavailable: "the job history did not answer",
  internal: "something went wrong on the dashboard server",
};

function Lookup({ lookup, again }: { lookup: Exclude<JobLookup, { kind: "found" }> | undefined; again: string }) {
  if (lookup?.kind === "missing")
    return (
      <p data-testid="job-lookup" data-lookup="missing">
        It is not a job of any other type either: none of the nine job types has a job with this id.
      </p>
    );
  if (lookup?.kind === "incomplete") {
    const checked = lookup.checked.length;
    return (
      <div role="alert" data-testid="job-lookup" data-lookup="incomplete" className="space-y-1">
        <p>
          It may be a job of another type, but the search of the other eight types could not finish:{" "}
          {STOPPED[lookup.code]}
          {checked > 0 ? ` (${checked} of 8 had no such job)` : ""}.
        </p>
        <p>
          <Anchor href={again} className={linkClass}>
            Look again
          </Anchor>
        </p>
      </div>
    );
  }
  return (
    <p data-testid="job-lookup" data-lookup="not-searched">
      The link may name the wrong job type.{" "}
      <Anchor href={again} className={linkClass}>
        Look for it under the other job types
      </Anchor>
    </p>
  );
}

/*
 * A client component to read the route's params: not-found files get no props, and the way back
 * should lead to the list of the job's own type. `lookup`: what the search of the other job types
 * found (the page looks before it says "not found"); none when nobody looked.
 */
export function JobNotFound({ lookup }: { lookup?: Exclude<JobLookup, { kind: "found" }> }) {
  const params = useParams<{ type?: string; id?: string }>();
  const search = useSearchParams();
  const view = loadJobDetailParams(new URLSearchParams(search?.toString() ?? ""));
  // Each part is named only when it could be one, even if the other could not.
  const route = parseJobRoute(params ?? {});
  const { type, id } = route;
  const label = type ? JOB_TYPE_INFO[type].label.toLowerCase() : null;
  const back = type ? jobListBackHref(type, view.back, view.tz) : serializeJobListParams("/jobs", { tz: view.tz });
  const query = search?.toString() ?? "";
  // A fresh load of the same link: the page looks under the other types before it says "not found".
  const again = route.ok ? `${jobDetailPath(route.type, route.id)}${query ? `?${query}` : ""}` : "";
  return (
    <section
      aria-labelledby="job-not-found"
      className="mx-auto max-w-2xl space-y-3 rounded-lg border border-line bg-surface p-6"
    >
      <h1 id="job-not-found" className="text-xl font-semibold">
        Job not found
      </h1>
      <p>
        Klaviyo has no {label ?? "catalog bulk"} job
        {id ? (
          <>
            {" "}
            with the id <code className="font-mono text-sm break-all">{id}</code>
          </>
        ) : null}
        .
      </p>
      {route.ok ? <Lookup lookup={lookup} again={again} /> : null}
      <p className="text-sm text-ink-muted">
        Klaviyo deletes a job some days after it finishes (its expiry time), so an old link may point at a job that has
        expired.
      </p>
      <p className="flex flex-wrap gap-4">
        <Link href={back} className={linkClass}>
          ← Back to {label ? `${label} jobs` : "all jobs"}
        </Link>
      </p>
    </section>
  );
}
