"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useAccountRouter, useInAccount } from "@/components/account-link";
import { cx } from "@/components/ui/class-names";
import { controlClass } from "@/components/ui/select";
import { browserAccountPrefix, inAccount, withoutAccount } from "@/lib/accounts/path";
import { DEFAULT_JOB_TYPE, isJobType, JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { jobDetailPath, loadJobDetailParams, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import type { JobReference } from "@/lib/jobs/route";
import { jobDetailUrl } from "@/lib/queries/jobs";
import { targetOf } from "@/lib/search/find-box";
import { searchHref } from "@/lib/search/query";
import { timeZoneParser } from "@/lib/time-zone";

/** The id of the header's box: the job list's `/` shortcut focuses it. */
export const FIND_BOX_ID = "find-job";

/** The type to try first: the one the page shows (a job list's, or a job page's), else the default. */
function preferredTypeOf(pathname: string | null, search: URLSearchParams | null): JobType {
  const listed = search?.get("type");
  if (pathname === "/jobs" && isJobType(listed)) return listed;
  const segment = pathname?.split("/")[2];
  return pathname?.startsWith("/jobs/") && isJobType(segment) ? segment : DEFAULT_JOB_TYPE;
}

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
 * The header's one box. A job id, a dashboard job link or a Klaviyo API link opens the job: Klaviyo
 * has no job search, and a job id does not say its type, so the type a pasted link names, or else
 * the page's type, is tried first, then the others one by one (gently, since each try spends an
 * upstream call). Anything else (a SKU, an error code, words) opens the search of the job history.
 */
export function FindJob() {
  const router = useAccountRouter();
  const search = useSearchParams();
  const pathname = usePathname();
  const preferredType = preferredTypeOf(pathname === null ? null : withoutAccount(pathname), search);
  const inThisAccount = useInAccount();
  const [state, setState] = useState<{ kind: "idle" | "searching" | "missing" | "invalid" | "error"; detail?: string }>(
    {
      kind: "idle",
    },
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const target = targetOf(String(new FormData(event.currentTarget).get("id") ?? ""));
    if (target.kind === "invalid") {
      setState({ kind: "invalid", detail: target.message });
      return;
    }
    if (target.kind === "search") {
      setState({ kind: "idle" });
      router.push(searchHref(target.text, null, timeZoneParser.parseServerSide(search?.get("tz") || undefined)));
      return;
    }
    const { reference } = target;
    const { id } = reference;
    const first = reference.type ?? preferredType;
    const order = [first, ...JOB_TYPES.filter((t) => t !== first)];
    for (const [i, type] of order.entries()) {
      setState({
        kind: "searching",
        detail: `Looking in ${JOB_TYPE_INFO[type].label.toLowerCase()} jobs (${i + 1}/${order.length})…`,
      });
      const response = await fetch(inAccount(browserAccountPrefix(), jobDetailUrl(type, id))).catch(() => null);
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
    <form role="search" action={inThisAccount("/jobs/find")} onSubmit={submit} className="relative">
      <input type="hidden" name="type" value={preferredType} />
      <input type="hidden" name="tz" value={search?.get("tz") ?? ""} />
      <div className="flex gap-1">
        <label htmlFor={FIND_BOX_ID} className="sr-only">
          Find a job by id or link, a SKU, or error words
        </label>
        <input
          id={FIND_BOX_ID}
          name="id"
          placeholder="Job id or link, SKU, error  ( / )"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="find-job-status"
          onChange={() => {
            // A message about what was typed before goes once the text changes.
            if (state.kind === "invalid" || state.kind === "missing" || state.kind === "error")
              setState({ kind: "idle" });
          }}
          className={cx(controlClass, "w-56 font-mono placeholder:font-sans placeholder:text-ink-muted sm:w-64")}
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
}

/**
 * The box as the server renders it before the URL is read on the client (and all there is without
 * JavaScript): a plain form, answered by `/jobs/find`.
 */
export function FindJobFallback() {
  return (
    <form role="search" action={useInAccount()("/jobs/find")} className="relative">
      <div className="flex gap-1">
        <label htmlFor={FIND_BOX_ID} className="sr-only">
          Find a job by id or link, a SKU, or error words
        </label>
        <input
          id={FIND_BOX_ID}
          name="id"
          placeholder="Job id or link, SKU, error  ( / )"
          autoComplete="off"
          spellCheck={false}
          className={cx(controlClass, "w-56 font-mono placeholder:font-sans placeholder:text-ink-muted sm:w-64")}
        />
        <button type="submit" className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-accent-ink">
          Open
        </button>
      </div>
    </form>
  );
}
