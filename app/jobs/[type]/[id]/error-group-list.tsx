"use client";

import { CopyButton } from "@/components/copy-button";
import { focusRing } from "@/components/ui/focus-ring";
import { formatCount } from "@/lib/format";
import type { JobType } from "@/lib/job-types";
import { errorGroupHref } from "@/lib/jobs/detail-params";
import type { ErrorGroup } from "@/lib/jobs/error-groups";
import type { TimeZoneChoice } from "@/lib/time-zone";
import { ExportButtons } from "./export-buttons";

/** On the server there is no origin; the link only matters when clicked, in the browser. */
function absoluteUrl(path: string): string {
  return typeof window === "undefined" ? path : new URL(path, window.location.origin).href;
}

function sharePercent(share: number): string {
  const pct = share * 100;
  return pct > 0 && pct < 1 ? "<1%" : `${Math.round(pct)}%`;
}

export function fieldLabel(field: string | null): string {
  return field ?? "whole entry";
}

/** Error groups, largest first: count, share of failed operations, and what to do with each. */
export function ErrorGroupList({
  groups,
  selected,
  onSelect,
  job,
  tz,
}: {
  groups: readonly ErrorGroup[];
  /** keys of the groups the URL selects (empty: all errors shown) */
  selected: ReadonlySet<string>;
  onSelect: (group: ErrorGroup) => void;
  job: { type: JobType; id: string };
  /** the time zone the copied link keeps */
  tz?: TimeZoneChoice;
}) {
  return (
    <ul className="divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface">
      {groups.map((group) => {
        const isSelected = selected.has(group.key);
        const name = `${group.code}, ${fieldLabel(group.field)}`;
        return (
          <li
            key={group.key}
            data-testid="error-group"
            data-code={group.code}
            data-field={group.field ?? ""}
            data-selected={isSelected ? "true" : undefined}
            className={`grid grid-cols-[3.5rem_minmax(0,1fr)] items-center gap-x-3 gap-y-2 px-3 py-2.5 sm:grid-cols-[3.5rem_minmax(0,1fr)_auto] ${isSelected ? "bg-accent-soft/50" : ""}`}
          >
            <div className="text-right tabular-nums">
              <span className="block text-lg leading-tight font-semibold">{formatCount(group.count)}</span>
              <span className="block text-xs text-ink-muted">{sharePercent(group.share)}</span>
            </div>
            <div className="min-w-0">
              <button
                type="button"
                aria-pressed={isSelected}
                onClick={() => onSelect(group)}
                className={`block max-w-full rounded text-left hover:underline ${focusRing}`}
              >
                <span className="font-medium wrap-anywhere">{group.title || "(no title)"}</span>
                <span className="ml-2 text-sm text-ink-muted">
                  <code className="rounded bg-surface-muted px-1 font-mono text-xs text-ink">{group.code}</code>
                  {" · "}
                  field{" "}
                  <code className="rounded bg-surface-muted px-1 font-mono text-xs text-ink">
                    {fieldLabel(group.field)}
                  </code>
                </span>
              </button>
              <div aria-hidden className="mt-1.5 h-1.5 w-full overflow-hidden rounded-full bg-status-remaining">
                <div className="h-full bg-status-failed" style={{ width: `${Math.min(100, group.share * 100)}%` }} />
              </div>
              <span className="sr-only">
                {formatCount(group.count)} errors, {sharePercent(group.share)} of failed operations
              </span>
            </div>
            <div className="col-span-2 flex items-center justify-end gap-1 sm:col-span-1">
              <CopyButton
                value={absoluteUrl(errorGroupHref(job.type, job.id, group, tz))}
                label={`Copy link to this group (${name})`}
              />
              <ExportButtons refs={group.refs} job={job} group={group} what={`group ${name}`} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
