"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { isJobType, JOB_TYPE_INFO } from "@/lib/job-types";
import { isJobId } from "@/lib/jobs/list-params";

/*
 * A client component only to read the route's params: not-found files get no props, and the way
 * back should lead to the list of the job's own type.
 */
export function JobNotFound() {
  const params = useParams<{ type?: string; id?: string }>();
  const type = isJobType(params?.type) ? params.type : null;
  const id = params?.id && isJobId(params.id) ? params.id : null;
  const label = type ? JOB_TYPE_INFO[type].label.toLowerCase() : null;
  return (
    <section aria-labelledby="job-not-found" className="mx-auto max-w-2xl space-y-3 rounded-lg border border-line bg-surface p-6">
      <h1 id="job-not-found" className="text-xl font-semibold">
        Job not found
      </h1>
      <p>
        Klaviyo has no {label ?? "catalog bulk"} job
        {id ? (
          <>
            {" "}with the id <code className="font-mono text-sm break-all">{id}</code>
          </>
        ) : null}
        .
      </p>
      <p className="text-sm text-ink-muted">
        Klaviyo deletes a job some days after it finishes (its expiry time), so an old link may point at a job that has
        expired. The link may also name the wrong job type: the same id under another type is a different job.
      </p>
      <p className="flex flex-wrap gap-4">
        <Link
          href={type ? `/jobs?type=${type}` : "/jobs"}
          className="font-medium text-accent underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-accent"
        >
          ← Back to {label ? `${label} jobs` : "all jobs"}
        </Link>
      </p>
    </section>
  );
}
