"use client";

import { useQuery } from "@tanstack/react-query";
import { historyFactsQuery } from "@/lib/queries/history";

/**
 * Said on every page while the job history does not answer: pages still read Klaviyo live, but what
 * only the history holds (jobs Klaviyo deleted, runs read without list calls, keeping) waits for it.
 * Nothing is shown while it answers, or when the question itself fails (signed out, server gone:
 * the page says that in its own words).
 */
export function HistoryNote() {
  const { data } = useQuery(historyFactsQuery());
  if (data?.state !== "down") return null;
  return (
    <p
      role="status"
      data-testid="history-down"
      className="mb-4 rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm"
    >
      <strong className="font-semibold">The job history is not answering.</strong> Pages show what Klaviyo has now; jobs
      Klaviyo has already deleted cannot be shown, and nothing can be kept until it is back. Collecting resumes on its
      own and catches up then.
    </p>
  );
}
