/** What the search and a SKU's page answer (the API's JSON, and what the pages render). */
import type { JobStatus, JobType } from "@/lib/job-types";
import type { Outcome } from "./entries";
import type { SearchGroup } from "./query";

/** One hit as the store answers it: an entry (or a job found by id) with its job's state. */
export interface SearchHit {
  type: JobType;
  jobId: string;
  /** the entry's place among its job's entries (0 for a job found by its id) */
  n: number;
  jobStatus: JobStatus;
  createdAt: string;
  /** when Klaviyo was first found without the job; null while it still had it at the last look */
  goneAt: string | null;
  expiresAt: string | null;
  /** the SKU, external id, code or job id as Klaviyo wrote it */
  label: string;
  /** what happened to the SKU in that job; a job's status for a job found by id */
  outcome: Outcome | JobStatus;
  code: string | null;
  field: string | null;
  title: string | null;
  detail: string | null;
  /** error entries in the group (error codes and words); failed entries of a job found by id */
  count: number;
}

/** A hit as the search answers it: which group found it, whether Klaviyo still holds its job, its link. */
export interface SearchResult extends SearchHit {
  group: SearchGroup;
  /** whether Klaviyo still holds the job (not found gone, not past its expiry), or only the history does */
  held: boolean;
  /** the job's page, opened on the entry's error group when it failed */
  href: string;
}

export interface SearchGroupPage {
  group: SearchGroup;
  results: SearchResult[];
  nextCursor: string | null;
}

export interface SearchAnswer {
  q: string;
  groups: SearchGroupPage[];
  /** words left out of the word search for being too short */
  shortWords: string[];
  /** the group a cursor paged (its page only), or null for the first page of every group */
  paged: SearchGroup | null;
  /** the collector's last pass: what the history knows is as fresh as that */
  asOf: string | null;
}

export interface SkuAnswer {
  sku: string;
  results: SearchResult[];
  nextCursor: string | null;
  asOf: string | null;
}
