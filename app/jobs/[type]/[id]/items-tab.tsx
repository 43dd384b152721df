"use client";

import Link from "next/link";
import { focusRing } from "@/components/ui/focus-ring";
import { formatCount } from "@/lib/format";
import { JOB_TYPE_INFO } from "@/lib/job-types";
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

function Outcome({ outcome }: { outcome: PayloadEntry["outcome"] }) {
  const failed = outcome === "failed";
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${failed ? "border-status-failed text-status-failed" : "border-status-complete text-status-complete"}`}
    >
      <span aria-hidden>{failed ? "✕" : "✓"}</span>
      {failed ? "Failed" : "Succeeded"}
    </span>
  );
}

function EntryRow({ entry, job, noun, tz }: { entry: PayloadEntry; job: Job; noun: string; tz: TimeZoneChoice }) {
  const errorsHref = serializeJobDetailParams(jobDetailPath(job.type, job.id), {
    tab: "errors",
    q: `#${entry.index}`,
    tz,
  });
  return (
    <li data-testid="payload-entry" data-index={entry.index} data-outcome={entry.outcome} className="px-3 py-3">
      <div className="flex items-start gap-3">
        <span className="w-10 shrink-0 pt-0.5 text-right font-mono text-sm text-ink-muted tabular-nums">
          #{entry.index}
        </span>
        <Thumbnail resource={entry.resource} />
        <div className="min-w-0 flex-1">
          {entry.resource || entry.resourceId ? (
            <>
              <ResourceName resource={entry.resource} id={entry.resourceId} />
              {entry.resource ? <ResourceFacts resource={entry.resource} /> : null}
            </>
          ) : (
            <p className="text-sm text-ink-muted">No {noun} for this entry: it failed, so Klaviyo did not list one.</p>
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
        <Outcome outcome={entry.outcome} />
      </div>
    </li>
  );
}

function ResourceRow({ id, resource }: { id: string; resource: CatalogResource | null }) {
  return (
    <li data-testid="related-resource" className="px-3 py-3">
      <div className="flex items-start gap-3">
        <Thumbnail resource={resource} />
        <div className="min-w-0 flex-1">
          <ResourceName resource={resource} id={id} />
          {resource ? (
            <>
              <ResourceFacts resource={resource} />
              <ResourceDetails resource={resource} />
            </>
          ) : null}
        </div>
        <Outcome outcome="succeeded" />
      </div>
    </li>
  );
}

/** The catalog resources a create or update job touched, entry by entry where the job tells. */
export function ItemsTab({ job, payload, tz }: { job: Job; payload: PayloadView; tz: TimeZoneChoice }) {
  const kind = JOB_TYPE_INFO[job.type].include ?? "items";
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
              <EntryRow key={entry.index} entry={entry} job={job} noun={noun} tz={tz} />
            ))}
          </ul>
        </section>
      ) : null}
      {payload.unplaced.length > 0 ? (
        <section aria-labelledby="unplaced-heading" className="space-y-2">
          <h3 id="unplaced-heading" className="font-semibold">
            {payload.alignment === "unknown" ? `Related ${kind}` : `Related ${kind} without an entry number`}
          </h3>
          <ul className="divide-y divide-line rounded-lg border border-line bg-surface">
            {payload.unplaced.map((u) => (
              <ResourceRow key={u.id} id={u.id} resource={u.resource} />
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
