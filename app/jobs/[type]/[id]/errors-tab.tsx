"use client";

import { useEffect, useMemo, useRef } from "react";
import { Button } from "@/components/ui/button";
import { focusRing } from "@/components/ui/focus-ring";
import { controlClass } from "@/components/ui/select";
import { formatCount } from "@/lib/format";
import { isTerminalStatus, JOB_TYPE_INFO } from "@/lib/job-types";
import { type ErrorGroup, type ErrorRef, groupErrors } from "@/lib/jobs/error-groups";
import type { TimeZoneChoice } from "@/lib/time-zone";
import type { Job } from "@/lib/types";
import { ErrorGroupList, fieldLabel } from "./error-group-list";
import { filterRefs, selectGroups } from "./error-view";
import { type ErrorRow, ErrorsTable } from "./errors-table";
import { ExportButtons } from "./export-buttons";
import type { PayloadView } from "./payload-entries";

export interface ErrorsView {
  code: string | null;
  field: string | null;
  q: string;
  /** kept in the group links it offers to copy */
  tz?: TimeZoneChoice;
}

export function ErrorsTab({
  job,
  refs,
  payload,
  view,
  onSelectGroup,
  onClearGroup,
  onSearchChange,
}: {
  job: Job;
  refs: readonly ErrorRef[];
  payload: PayloadView;
  view: ErrorsView;
  onSelectGroup: (group: ErrorGroup) => void;
  onClearGroup: () => void;
  onSearchChange: (search: string) => void;
}) {
  // An empty `code=` or `field=` in a hand-edited link means "any", like an absent one.
  const code = view.code || null;
  const field = view.field || null;
  const search = view.q;
  const groups = useMemo(() => groupErrors(refs, job.failedCount), [refs, job.failedCount]);
  const grouped = code !== null || field !== null;
  const selected = useMemo(
    () => (grouped ? selectGroups(groups, { code, field }) : groups),
    [grouped, groups, code, field],
  );
  const selectedKeys = useMemo(() => new Set(grouped ? selected.map((g) => g.key) : []), [grouped, selected]);
  const rows = useMemo<ErrorRow[]>(() => {
    const inScope = selected.flatMap((g) => g.refs);
    const itemText = (ref: ErrorRef) => {
      const resource = ref.index === null ? null : payload.byIndex.get(ref.index)?.resource;
      return resource ? `${resource.title ?? ""} ${resource.externalId ?? ""}` : "";
    };
    return filterRefs(inScope, search, itemText).map((ref) => ({
      ref,
      entry: ref.index === null ? undefined : payload.byIndex.get(ref.index),
    }));
  }, [selected, search, payload]);

  // A link or a click that selects a group brings its errors into view, with focus on their heading
  // (the list is below the groups: at the bottom of a desktop screen, off a phone's). Once per selection.
  const listSection = useRef<HTMLElement>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const selection = grouped ? JSON.stringify([code, field]) : null;
  const shownSelection = useRef<string | null>(null);
  useEffect(() => {
    if (selection === shownSelection.current) return;
    shownSelection.current = selection;
    const heading = listHeading.current;
    if (selection === null || !heading) return;
    heading.focus({ preventScroll: true });
    // The section, not the heading: the filter beside the heading stands taller than it.
    (listSection.current ?? heading).scrollIntoView({ block: "start" });
  }, [selection]);

  const info = JOB_TYPE_INFO[job.type];
  const shownCount = selected.reduce((n, g) => n + g.count, 0);

  if (refs.length === 0) {
    return (
      <div className="rounded-lg border border-line bg-surface p-6 text-center">
        <p className="font-medium">{job.failedCount > 0 ? "Klaviyo listed no errors for this job." : "No errors."}</p>
        <p className="mt-1 text-sm text-ink-muted">
          {job.failedCount > 0
            ? `${formatCount(job.failedCount)} operations failed, but the job carries no error details.`
            : isTerminalStatus(job.status)
              ? "Every operation of this job went through."
              : "None so far; errors appear here as Klaviyo processes the entries."}
        </p>
      </div>
    );
  }

  const heading = grouped
    ? selected.length === 1 && selected[0]
      ? `Errors: ${selected[0].title || selected[0].code} (${fieldLabel(selected[0].field)})`
      : `Errors with code ${code ?? "any"}, field ${field ?? "any"}`
    : "All errors";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p>
          <span className="font-semibold">{formatCount(refs.length)}</span> {refs.length === 1 ? "error" : "errors"} for{" "}
          <span className="font-semibold">{formatCount(job.failedCount)}</span> failed operations, in{" "}
          {formatCount(groups.length)} {groups.length === 1 ? "group" : "groups"} (code + title + field).
        </p>
        <span className="inline-flex items-center gap-2 text-sm">
          <span className="text-ink-muted">All errors:</span>
          <ExportButtons refs={refs} job={job} group={null} what="all errors" />
        </span>
      </div>

      <section aria-labelledby="groups-heading" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 id="groups-heading" className="font-semibold">
            Error groups
          </h3>
          <Button
            size="xs"
            aria-pressed={!grouped}
            onClick={onClearGroup}
            className={grouped ? undefined : "bg-surface-muted font-semibold"}
          >
            Show all errors
          </Button>
        </div>
        <p className="text-xs text-ink-muted">
          Share is of the job&apos;s failed operations. Pick a group to list its errors; its link opens it for a
          teammate.
        </p>
        <ErrorGroupList groups={groups} selected={selectedKeys} onSelect={onSelectGroup} job={job} tz={view.tz} />
      </section>

      <section ref={listSection} aria-labelledby="error-list-heading" className="scroll-mt-4 space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h3
            id="error-list-heading"
            ref={listHeading}
            tabIndex={-1}
            className={`rounded font-semibold wrap-anywhere ${focusRing}`}
          >
            {heading}
          </h3>
          <div className="flex flex-col gap-1">
            <label htmlFor="error-filter" className="text-xs text-ink-muted">
              Filter errors (text, field, or #entry)
            </label>
            <input
              id="error-filter"
              type="search"
              value={search}
              onChange={(e) => onSearchChange(e.target.value)}
              placeholder="e.g. price  or  #37"
              autoComplete="off"
              spellCheck={false}
              className={`${controlClass} w-72 max-w-full`}
            />
          </div>
        </div>
        <p className="text-sm text-ink-muted" aria-live="polite" data-testid="error-count">
          Showing {formatCount(rows.length)} of {formatCount(shownCount)}{" "}
          {grouped ? "errors in this selection" : "errors"}
          {search ? ` matching “${search}”` : ""}.
        </p>
        {grouped && selected.length === 0 ? (
          <div role="status" className="rounded-lg border border-warn bg-warn-soft p-4 text-sm text-ink">
            <p>
              This job has no error group with code <code className="font-mono">{code ?? "any"}</code> and field{" "}
              <code className="font-mono">{field ?? "any"}</code>. The link may belong to another job.
            </p>
            <Button size="xs" onClick={onClearGroup} className="mt-2">
              Show all errors
            </Button>
          </div>
        ) : (
          <ErrorsTable
            rows={rows}
            showItems={info.include !== null}
            missingItemText={info.operation === "create" ? "not created" : "not updated"}
            caption={`${heading} of job ${job.id}`}
            empty={
              <div className="p-6 text-center text-sm">
                <p>No errors match “{search}”.</p>
                <Button size="xs" onClick={() => onSearchChange("")} className="mt-2">
                  Clear the filter
                </Button>
              </div>
            }
          />
        )}
      </section>
    </div>
  );
}
