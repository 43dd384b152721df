"use client";

import { JobsTable, type TableView } from "@/components/job-table/job-table";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { formatCount } from "@/lib/format";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import type { ListColumn } from "@/lib/jobs/list-params";
import { RUN_TABLE_VIRTUAL_FROM } from "@/lib/runs/answers";
import type { RunJobFilter } from "@/lib/runs/params";
import type { JobRow } from "@/lib/types";

const jobsNoun = (count: number, failedOnly: boolean) =>
  `${count === 1 ? "job" : "jobs"}${failedOnly ? " with failures" : ""}`;

/**
 * The run's jobs in the job list's own table, one table per type: the table has no type column, and
 * a run mixes all nine types. A run link names a fixed window, so its tables show every job the data
 * holds ("show"): held-back rows would disagree with the counts above, and a table stays mounted when
 * "Open the whole run" or Back swaps the window under it.
 */
export function RunJobs({
  jobs: all,
  view,
  type,
  onTypeChange,
  filter,
  onFilterChange,
  onSortChange,
}: {
  jobs: JobRow[];
  view: TableView;
  type: JobType | null;
  onTypeChange: (type: JobType | null) => void;
  /** `failed`: only the jobs with failed operations (a big run lists hundreds of jobs that went well) */
  filter: RunJobFilter | null;
  onFilterChange: (filter: RunJobFilter | null) => void;
  onSortChange: (sort: ListColumn | null, dir: "asc" | "desc") => void;
}) {
  const failedOnly = filter === "failed";
  const jobs = failedOnly ? all.filter((j) => j.failedCount > 0) : all;
  const hidden = all.length - jobs.length;
  const byType = JOB_TYPES.map((t) => ({ type: t, jobs: jobs.filter((j) => j.type === t) })).filter(
    (g) => g.jobs.length > 0,
  );
  const shown = type ? byType.filter((g) => g.type === type) : byType;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-ink-muted">Show</span>
          <Select
            value={type ?? ""}
            onChange={(e) => onTypeChange(JOB_TYPES.find((t) => t === e.target.value) ?? null)}
          >
            <option value="">
              All types ({formatCount(jobs.length)} {jobsNoun(jobs.length, failedOnly)})
            </option>
            {byType.map((g) => (
              <option key={g.type} value={g.type}>
                {JOB_TYPE_INFO[g.type].label} ({g.jobs.length})
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={failedOnly}
            onChange={(e) => onFilterChange(e.target.checked ? "failed" : null)}
            className="size-4 accent-accent"
          />
          Only jobs with failures
        </label>
      </div>
      {failedOnly ? (
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm" data-testid="run-jobs-hidden">
          <span>
            {formatCount(jobs.length)} {jobs.length === 1 ? "job" : "jobs"} with failures shown, {formatCount(hidden)}{" "}
            {hidden === 1 ? "job" : "jobs"} without failures hidden.
          </span>
          <Button size="xs" onClick={() => onFilterChange(null)}>
            Show all jobs
          </Button>
        </p>
      ) : null}
      {shown.length === 0 ? (
        <p className="text-sm text-ink-muted">
          This run has no {type ? JOB_TYPE_INFO[type].label.toLowerCase() : ""} {jobsNoun(2, failedOnly)}.
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
