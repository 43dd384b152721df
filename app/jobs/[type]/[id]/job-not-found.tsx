"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { cx } from "@/components/ui/class-names";
import { focusRing } from "@/components/ui/focus-ring";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { serializeJobListParams } from "@/lib/jobs/list-params";
import { parseJobRoute } from "@/lib/jobs/route";

/*
 * A client component only to read the route's params: not-found files get no props, and the way
 * back should lead to the list of the job's own type.
 */
export function JobNotFound() {
  const params = useParams<{ type?: string; id?: string }>();
  // Each part is named only when it could be one, even if the other could not.
  const { type, id } = parseJobRoute(params ?? {});
  const label = type ? JOB_TYPE_INFO[type].label.toLowerCase() : null;
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
      <p className="text-sm text-ink-muted">
        Klaviyo deletes a job some days after it finishes (its expiry time), so an old link may point at a job that has
        expired. The link may also name the wrong job type: the same id under another type is a different job.
      </p>
      <p className="flex flex-wrap gap-4">
        <Link
          href={serializeJobListParams("/jobs", { type })}
          className={cx("font-medium text-accent underline underline-offset-2", focusRing)}
        >
          ← Back to {label ? `${label} jobs` : "all jobs"}
        </Link>
      </p>
    </section>
  );
}
