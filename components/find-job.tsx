"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, forwardRef, useState } from "react";
import { cx } from "@/components/ui/class-names";
import { controlClass } from "@/components/ui/select";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { jobDetailPath } from "@/lib/jobs/detail-params";
import { parseJobRoute } from "@/lib/jobs/route";
import { jobDetailUrl } from "@/lib/queries/jobs";

/**
 * Klaviyo has no job search, and a job id does not say its type: try the current type first, then
 * the others one by one (gently, since each try spends an upstream call), and open the first match.
 */
export const FindJob = forwardRef<HTMLInputElement, { preferredType: JobType }>(function FindJob(
  { preferredType },
  ref,
) {
  const router = useRouter();
  const [state, setState] = useState<{ kind: "idle" | "searching" | "missing" | "invalid" | "error"; detail?: string }>(
    {
      kind: "idle",
    },
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("id") ?? "").trim();
    const { id } = parseJobRoute({ type: preferredType, id: raw });
    if (id === null) {
      setState({ kind: "invalid", detail: "A job id is letters, digits, - or _ (e.g. 01JD3F…)." });
      return;
    }
    const order = [preferredType, ...JOB_TYPES.filter((t) => t !== preferredType)];
    for (const [i, type] of order.entries()) {
      setState({
        kind: "searching",
        detail: `Looking in ${JOB_TYPE_INFO[type].label.toLowerCase()} jobs (${i + 1}/${order.length})…`,
      });
      const response = await fetch(jobDetailUrl(type, id)).catch(() => null);
      if (response?.ok) {
        router.push(jobDetailPath(type, id));
        setState({ kind: "idle" });
        return;
      }
      if (!response || (response.status !== 404 && response.status !== 400)) {
        setState({ kind: "error", detail: "Klaviyo could not be asked right now; try again in a moment." });
        return;
      }
    }
    setState({
      kind: "missing",
      detail: "No job with this id in any of the nine job types. Jobs disappear once they expire.",
    });
  }

  return (
    <form role="search" action="/jobs/find" onSubmit={submit} className="flex flex-col gap-1">
      <input type="hidden" name="type" value={preferredType} />
      <div className="flex gap-1">
        <label htmlFor="find-job" className="sr-only">
          Find a job by id
        </label>
        <input
          ref={ref}
          id="find-job"
          name="id"
          placeholder="Find job by id  ( / )"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="find-job-status"
          className={cx(controlClass, "w-64 font-mono placeholder:font-sans placeholder:text-ink-muted")}
        />
        <button
          type="submit"
          disabled={state.kind === "searching"}
          className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink disabled:opacity-60"
        >
          Open
        </button>
      </div>
      <p
        id="find-job-status"
        role="status"
        className={`text-xs ${state.kind === "idle" ? "sr-only" : state.kind === "searching" ? "text-ink-muted" : "text-danger"}`}
      >
        {state.detail ?? ""}
      </p>
    </form>
  );
});
