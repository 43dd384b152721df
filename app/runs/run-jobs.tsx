"use client";

import { JobsTable, type TableView } from "@/components/job-table/job-table";
import { Select } from "@/components/ui/select";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import type { ListColumn } from "@/lib/jobs/list-params";
import { RUN_TABLE_VIRTUAL_FROM } from "@/lib/runs/answers";
import type { JobRow } from "@/lib/types";

/**
 * The run's jobs in the job list's own table, one table per type: the table has no type column, and
 * a run mixes all nine types. A run link names a fixed window, so its tables show every job the data
 * holds ("show"): held-back rows would disagree with the counts above, and a table stays mounted when
 * "Open the whole run" or Back swaps the window under it.
 */
export function RunJobs({
  jobs,
  view,
  type,
  onTypeChange,
  onSortChange,
}: {
  jobs: JobRow[];
  view: TableView;
  type: JobType | null;
  onTypeChange: (type: JobType | null) => void;
  onSortChange: (sort: ListColumn | null, dir: "asc" | "desc") => void;
}) {
  const byType = JOB_TYPES.map((t) => ({ type: t, jobs: jobs.filter((j) => j.type === t) })).filter(
    (g) => g.jobs.length > 0,
  );
  const shown = type ? byType.filter((g) => g.type === type) : byType;
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        <span className="text-ink-muted">Show</span>
        <Select value={type ?? ""} onChange={(e) => onTypeChange(JOB_TYPES.find((t) => t === e.target.value) ?? null)}>
          <option value="">All types ({jobs.length} jobs)</option>
          {byType.map((g) => (
            <option key={g.type} value={g.type}>
              {JOB_TYPE_INFO[g.type].label} ({g.jobs.length})
            </option>
          ))}
        </Select>
      </label>
      {shown.length === 0 ? (
        <p className="text-sm text-ink-muted">
          This run has no {type ? JOB_TYPE_INFO[type].label.toLowerCase() : ""} jobs.
        </p>
      ) : null}
      {shown.map((group) => (
        <section
          key={group.type}
          aria-labelledby={`jobs-${group.type}`}
          className="space-y-2"
          data-testid="run-type-jobs"
          data-type={group.type}
        >
          <h3 id={`jobs-${group.type}`} className="font-medium">
            {JOB_TYPE_INFO[group.type].label}{" "}
            <span className="text-ink-muted">
              · {group.jobs.length} {group.jobs.length === 1 ? "job" : "jobs"}
            </span>
          </h3>
          <JobsTable
            key={group.type}
            jobs={group.jobs}
            newJobs="show"
            view={view}
            activeRow={-1}
            onSortChange={onSortChange}
            empty={<p className="p-6 text-center text-sm">No jobs.</p>}
            // A run shows up to nine tables: past a screenful each, rows render as they scroll in.
            virtualFrom={RUN_TABLE_VIRTUAL_FROM}
            // Progress, charts and errors come first: these tables start well below the first screen.
            belowFold
          />
        </section>
      ))}
    </div>
  );
}
