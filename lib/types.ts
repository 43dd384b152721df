/** App-side shapes: what the proxy returns to the browser after reshaping Klaviyo's JSON:API documents. */
import type { CatalogResourceType, JobStatus, JobType } from "./job-types";

export interface JobError {
  id: string;
  code: string;
  title: string;
  detail: string;
  /** JSON pointer into the submitted payload, e.g. `/data/37/attributes/price`; null when absent */
  pointer: string | null;
}

export interface Job {
  type: JobType;
  id: string;
  status: JobStatus;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  totalCount: number;
  completedCount: number;
  failedCount: number;
  errors: JobError[];
  /** ids of the catalog resources the job created or updated (from `relationships`) */
  relatedIds: string[];
}

/** A job as tables and charts show it: its counts and times, without its error entries and related ids. */
export type JobRow = Omit<Job, "errors" | "relatedIds">;

export interface JobPage {
  type: JobType;
  status: JobStatus | null;
  jobs: Job[];
  /** opaque cursors for our own `/api/jobs?cursor=`; null at the ends */
  nextCursor: string | null;
  prevCursor: string | null;
  /** ISO time the page was read from upstream (cache hits keep the original time) */
  fetchedAt: string;
}

/**
 * A page of every type at once (`type=all`), read from the job history: as fresh as the collector's
 * last pass (`asOf`), and reaching back to where the history starts (`since`); null before the first.
 */
export interface HistoryJobPage extends Omit<JobPage, "type"> {
  /** `all`, one type, or a comma list of types (lib/jobs/list-params) */
  type: string;
  history: { asOf: string | null; since: string | null };
  /** the order of the whole result (newest, failed, rate) */
  order: "newest" | "failed" | "rate";
  /** set when the URL's cursor was not this list's (another order, stale, or Klaviyo's): the first page is shown */
  note: string | null;
}

export type JobListPage = JobPage | HistoryJobPage;

export interface CatalogResource {
  type: CatalogResourceType;
  id: string;
  externalId: string | null;
  /** title for items and variants, name for categories */
  title: string | null;
  description: string | null;
  price: number | null;
  url: string | null;
  imageUrl: string | null;
  published: boolean | null;
  sku: string | null;
  inventoryQuantity: number | null;
  customMetadata: Record<string, unknown> | null;
  updated: string | null;
}

export interface JobDetail {
  job: Job;
  /** the related catalog resources (create and update jobs); empty for delete jobs */
  included: CatalogResource[];
  fetchedAt: string;
  /**
   * Set when Klaviyo no longer has the job and this is the copy the job history kept: when Klaviyo
   * was first found without it, and when the copy was read.
   */
  kept?: { goneAt: string; observedAt: string };
}

export type Upstream = "klaviyo" | "simulator";

export interface Health {
  ok: boolean;
  upstream: Upstream;
}
