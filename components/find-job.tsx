"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, forwardRef, useState } from "react";
import { cx } from "@/components/ui/class-names";
import { controlClass } from "@/components/ui/select";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { jobDetailPath, loadJobDetailParams, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import { type JobReference, parseJobReference } from "@/lib/jobs/route";
import { jobDetailUrl } from "@/lib/queries/jobs";
import { timeZoneParser } from "@/lib/time-zone";

/**
 * The page to open for a job found under `type`: a pasted dashboard link's own view (tab, error
 * group, filter, zone), else the job in the zone of the page the box is on.
 */
function foundHref(type: JobType, reference: JobReference, currentTz: string | null): string {
  const pasted = new URLSearchParams(reference.search);
  const view = loadJobDetailParams(pasted);
  const tz = pasted.has("tz") ? view.tz : timeZoneParser.parseServerSide(currentTz ?? undefined);
  return serializeJobDetailParams(jobDetailPath(type, reference.id), { ...view, tz });
}

/**
 * Klaviyo has no job search, and a job id does not say its type: try the type a pasted link names,
 * or else the current type, first, then the others one by one (gently, since each try spends an
 * upstream call), and open the first match. A job id, a dashboard job link or a Klaviyo API link will do.
 */
export const FindJob = forwardRef<HTMLInputElement, { preferredType: JobType }>(function FindJob(
  { preferredType },
  ref,
) {
  const router = useRouter();
  const search = useSearchParams();
  const [state, setState] = useState<{ kind: "idle" | "searching" | "missing" | "invalid" | "error"; detail?: string }>(
    {
      kind: "idle",
    },
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("id") ?? "").trim();
    const reference = parseJobReference(raw);
    if (reference === null) {
      setState({
        kind: "invalid",
        detail: "Paste a job id (letters, digits, - or _, e.g. 01JD3F…) or a link to a job.",
      });
      return;
    }
    const { id } = reference;
    const first = reference.type ?? preferredType;
    const order = [first, ...JOB_TYPES.filter((t) => t !== first)];
    for (const [i, type] of order.entries()) {
      setState({
        kind: "searching",
        detail: `Looking in ${JOB_TYPE_INFO[type].label.toLowerCase()} jobs (${i + 1}/${order.length})…`,
      });
      const response = await fetch(jobDetailUrl(type, id)).catch(() => null);
      if (response?.ok) {
        router.push(foundHref(type, reference, search?.get("tz") ?? null));
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
    <form role="search" action="/jobs/find" onSubmit={submit} className="relative">
      <input type="hidden" name="type" value={preferredType} />
      <input type="hidden" name="tz" value={search?.get("tz") ?? ""} />
      <div className="flex gap-1">
        <label htmlFor="find-job" className="sr-only">
          Find a job by id
        </label>
        <input
          ref={ref}
          id="find-job"
          name="id"
          placeholder="Find job by id or link  ( / )"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="find-job-status"
          onChange={() => {
            // A message about what was typed before goes once the text changes.
            if (state.kind === "invalid" || state.kind === "missing" || state.kind === "error")
              setState({ kind: "idle" });
          }}
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
      {/* Over the page below, like a tooltip: a message never changes the header's size. */}
      <p
        id="find-job-status"
        role="status"
        data-testid="find-job-status"
        className={
          state.kind === "idle"
            ? "sr-only"
            : cx(
                "absolute top-full right-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-md border bg-surface px-2 py-1.5 text-xs shadow-md",
                state.kind === "searching" ? "border-line text-ink-muted" : "border-danger text-danger",
              )
        }
      >
        {state.detail ?? ""}
      </p>
    </form>
  );
});
