import "server-only";
import { isJobType } from "@/lib/job-types";
import { listJobs } from "@/lib/klaviyo";
import type { JobListPage } from "@/lib/types";
import { listFromHistory } from "./all-types.server";
import { type ListQuery, readsHistory } from "./list-params";

/** A list page from where its query is answered: Klaviyo for one type, live; the job history otherwise. */
export async function readLiveOrHistory(query: ListQuery): Promise<JobListPage> {
  if (!readsHistory(query) && isJobType(query.type)) {
    return listJobs({ type: query.type, status: query.status, cursor: query.cursor });
  }
  return listFromHistory(query);
}
