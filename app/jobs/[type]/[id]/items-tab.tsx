"use client";

import { Link } from "@/components/account-link";
import { focusRing } from "@/components/ui/focus-ring";
import { formatCount } from "@/lib/format";
import { JOB_TYPE_INFO, type JobResource, type RelatedKind } from "@/lib/job-types";
import { jobDetailPath, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { CatalogResource, Job } from "@/lib/types";
import type { PayloadEntry, PayloadView } from "./payload-entries";
import { ResourceDetails, ResourceFacts, ResourceName, Thumbnail } from "./resource-preview";

const ALIGNMENT_NOTE: Record<PayloadView["alignment"], string> = {
  "every-entry": "Entry numbers follow the job's related resources, which list every entry in payload order.",
  "succeeded-only":
    "Entry numbers come from the error pointers; the job's related resources, in payload order, fill the entries that went through.",
  unknown:
    "Klaviyo's answer does not say which payload entry each resource came from, so they are listed without entry numbers.",
};

function Outcome({ outcome, deleted }: { outcome: PayloadEntry["outcome"]; deleted: boolean }) {
  const failed = outcome === "failed";
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${failed ? "border-status-failed text-status-failed" : "border-status-complete text-status-complete"}`}
    >
      <span aria-hidden>{failed ? "✕" : "✓"}</span>
      {failed ? "Failed" : deleted ? "Deleted" : "Succeeded"}
    </span>
  );
}

/** A deleted resource is gone from the catalog: its id is all there is to show. */
function DeletedId({ id }: { id: string }) {
  return (
    <span className="block font-mono text-sm wrap-anywhere">
      <bdi>{id}</bdi>
    </span>
  );
}

function EntryRow({ entry, job, noun, view }: { entry: PayloadEntry; job: Job; noun: string; view: LinkView }) {
  const errorsHref = serializeJobDetailParams(jobDetailPath(job.type, job.id), {
    tab: "errors",
    q: `#${entry.index}`,
    ...view,
  });
  const deleted = JOB_TYPE_INFO[job.type].operation === "delete";
  return (
    <li data-testid="payload-entry" data-index={entry.index} data-outcome={entry.outcome} className="px-3 py-3">
      <div className="flex items-start gap-3">
        <span className="w-10 shrink-0 pt-0.5 text-right font-mono text-sm text-ink-muted tabular-nums">
          #{entry.index}
        </span>
        {deleted ? null : <Thumbnail resource={entry.resource} />}
        <div className="min-w-0 flex-1">
          {deleted && entry.resourceId ? (
            <DeletedId id={entry.resourceId} />
          ) : entry.resource || entry.resourceId ? (
            <>
              <ResourceName resource={entry.resource} id={entry.resourceId} />
              {entry.resource ? <ResourceFacts resource={entry.resource} /> : null}
            </>
          ) : (
            <p className="text-sm text-ink-muted">
              {deleted
                ? `Not deleted: it failed, so Klaviyo did not list the ${noun}'s id.`
                : `No ${noun} for this entry: it failed, so Klaviyo did not list one.`}
            </p>
          )}
          {entry.errors.length > 0 ? (
            <ul className="mt-1 space-y-0.5 text-sm">
              {entry.errors.map((ref, i) => (
                <li key={`${ref.error.id}-${i}`} className="wrap-anywhere">
                  <code className="rounded bg-surface-muted px-1 font-mono text-xs">{ref.field ?? "entry"}</code>{" "}
                  <span className="text-status-failed">{ref.error.title}</span>{" "}
                  <span className="text-ink-muted">{ref.error.detail}</span>
                </li>
              ))}
              <li>
                <Link href={errorsHref} className={`text-xs text-accent underline underline-offset-2 ${focusRing}`}>
                  Entry #{entry.index} in the errors tab
                </Link>
              </li>
            </ul>
          ) : null}
          {entry.resource ? <ResourceDetails resource={entry.resource} /> : null}
        </div>
        <Outcome outcome={entry.outcome} deleted={deleted} />
      </div>
    </li>
  );
}

function ResourceRow({ id, resource, deleted }: { id: string; resource: CatalogResource | null; deleted: boolean }) {
  return (
    <li data-testid="related-resource" data-outcome={deleted ? "deleted" : "succeeded"} className="px-3 py-3">
      <div className="flex items-start gap-3">
        {deleted ? null : <Thumbnail resource={resource} />}
        <div className="min-w-0 flex-1">
          {deleted ? <DeletedId id={id} /> : <ResourceName resource={resource} id={id} />}
          {resource && !deleted ? (
            <>
              <ResourceFacts resource={resource} />
              <ResourceDetails resource={resource} />
            </>
          ) : null}
        </div>
        <Outcome outcome="succeeded" deleted={deleted} />
      </div>
    </li>
  );
}

/** What a link from this tab keeps of the page's URL: the zone and the list to go back to. */
interface LinkView {
  tz: TimeZoneChoice;
  back: string | null;
}

const KIND: Record<JobResource, RelatedKind> = { item: "items", variant: "variants", category: "categories" };

/**
 * The catalog resources a job touched, entry by entry where the job tells: those a create or update
 * job made (with a preview), or the ids a delete job deleted (Klaviyo lists them as the job's relationships).
 */
export function ItemsTab({ job, payload, view }: { job: Job; payload: PayloadView; view: LinkView }) {
  const kind = KIND[JOB_TYPE_INFO[job.type].resource];
  const deleted = JOB_TYPE_INFO[job.type].operation === "delete";
  const noun = kind === "categories" ? "category" : kind.slice(0, -1);
  const succeeded = job.relatedIds.length;
  const remaining = Math.max(0, job.totalCount - job.completedCount - job.failedCount);
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <p>
          <span className="font-semibold">{formatCount(succeeded)}</span> {kind} {JOB_TYPE_INFO[job.type].operation}d ·{" "}
          <span className={job.failedCount > 0 ? "font-semibold text-status-failed" : "font-semibold"}>
            {formatCount(job.failedCount)}
          </span>{" "}
          entries failed
          {remaining > 0 ? <> · {formatCount(remaining)} not processed yet</> : null}
        </p>
        <p className="text-sm text-ink-muted">{ALIGNMENT_NOTE[payload.alignment]}</p>
      </div>
      {payload.entries.length > 0 ? (
        <section aria-labelledby="entries-heading" className="space-y-2">
          <h3 id="entries-heading" className="font-semibold">
            {payload.alignment === "unknown" ? "Failed entries" : "Payload entries"}
          </h3>
          <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
            {payload.entries.map((entry) => (
              <EntryRow key={entry.index} entry={entry} job={job} noun={noun} view={view} />
            ))}
          </ul>
        </section>
      ) : null}
      {payload.unplaced.length > 0 ? (
        <section aria-labelledby="unplaced-heading" className="space-y-2">
          <h3 id="unplaced-heading" className="font-semibold">
            {`${deleted ? "Deleted" : "Related"} ${kind}${payload.alignment === "unknown" ? "" : " without an entry number"}`}
          </h3>
          <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
            {payload.unplaced.map((u) => (
              <ResourceRow key={u.id} id={u.id} resource={u.resource} deleted={deleted} />
            ))}
          </ul>
        </section>
      ) : null}
      {payload.entries.length === 0 && payload.unplaced.length === 0 ? (
        <p className="rounded-lg border border-line bg-surface p-6 text-center text-ink-muted">
          {job.status === "queued" ? "Klaviyo has not started this job yet." : `No ${kind} yet.`}
        </p>
      ) : null}
    </div>
  );
}
