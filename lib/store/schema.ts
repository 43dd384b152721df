/**
 * The job-history store's tables, one schema for both engines (PGlite and PostgreSQL). Every row
 * carries the account it came from. Changing a table means a new migration (`npm run db:generate`),
 * added in one release and removals a release later, so instances can be upgraded one at a time.
 *
 * Index orders are written `.desc().nullsFirst()`: that is what `ORDER BY … DESC` means, and an index
 * declared `DESC NULLS LAST` cannot serve it.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { CatalogResource, JobError } from "../types";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Every job the dashboard has seen, as last read from Klaviyo. */
export const jobs = pgTable(
  "jobs",
  {
    account: text("account").notNull(),
    type: text("type").notNull(),
    id: text("id").notNull(),
    status: text("status").notNull(),
    createdAt: at("created_at").notNull(),
    completedAt: at("completed_at"),
    expiresAt: at("expires_at"),
    totalCount: integer("total_count").notNull(),
    completedCount: integer("completed_count").notNull(),
    failedCount: integer("failed_count").notNull(),
    errors: jsonb("errors").$type<JobError[]>().notNull().default(sql`'[]'::jsonb`),
    relatedIds: jsonb("related_ids").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** the related items, variants or categories, kept once the job has finished (create and update jobs) */
    included: jsonb("included").$type<CatalogResource[]>(),
    includedAt: at("included_at"),
    /** when Klaviyo answered what this row holds (a cached answer keeps its original time) */
    observedAt: at("observed_at").notNull(),
    firstSeenAt: at("first_seen_at").notNull(),
    /** when Klaviyo first answered 404 for it (it had passed expires_at) */
    goneAt: at("gone_at"),
    /** kept past HISTORY_DAYS */
    pinned: boolean("pinned").notNull().default(false),
  },
  (t) => [
    primaryKey({ name: "jobs_pkey", columns: [t.account, t.type, t.id] }),
    index("jobs_by_type_status").on(
      t.account,
      t.type,
      t.status,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("jobs_by_type").on(t.account, t.type, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("jobs_by_created").on(t.account, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The list of every type filtered by status: without it, a rare status (queued) scans the account.
    index("jobs_by_status").on(t.account, t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("jobs_unfinished").on(t.account, t.type).where(sql`${t.status} in ('queued', 'processing')`),
    // The collector's two queues: finished jobs whose items are not kept yet, and jobs past their expiry
    // Klaviyo has not been asked about. Small, and without them each pass scans the whole account.
    index("jobs_items_to_keep")
      .on(t.account, t.createdAt)
      .where(sql`${t.includedAt} is null and ${t.goneAt} is null and ${t.status} in ('complete', 'cancelled')`),
    index("jobs_expiry_to_check").on(t.account, t.expiresAt).where(sql`${t.goneAt} is null`),
  ],
);

/** A job's status and counts each time they changed, for progress over time. */
export const jobChanges = pgTable(
  "job_changes",
  {
    account: text("account").notNull(),
    type: text("type").notNull(),
    id: text("id").notNull(),
    observedAt: at("observed_at").notNull(),
    status: text("status").notNull(),
    completedCount: integer("completed_count").notNull(),
    failedCount: integer("failed_count").notNull(),
  },
  (t) => [primaryKey({ name: "job_changes_pkey", columns: [t.account, t.type, t.id, t.observedAt] })],
);

/** Small facts about the store itself, e.g. since when it holds an account's history. */
export const storeMeta = pgTable("store_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: at("updated_at").notNull(),
});

/**
 * Jobs in progress (queued or processing) against Klaviyo's cap, as the collector counted them after
 * each pass: the highest count of each quarter hour (a day in any zone is whole quarter hours). Sampled rather than derived from the jobs: the count at
 * an instant is what the cap limits, and rebuilding it from every job's start and end is a sweep over
 * the whole range (and wrong for jobs first seen after they finished).
 */
export const inProgressSamples = pgTable(
  "in_progress_samples",
  {
    account: text("account").notNull(),
    bucket: at("bucket").notNull(),
    peak: integer("peak").notNull(),
  },
  (t) => [primaryKey({ name: "in_progress_samples_pkey", columns: [t.account, t.bucket] })],
);

/*
 * The trends' rollups: jobs, operations and failures, and error entries, per account, quarter hour of
 * creation and type (or error group). Kept by triggers on `jobs` (migration 0004): each insert,
 * delete, or change of a job's counts or errors takes the row's old contribution out and puts the
 * new one in, so the sums always equal a GROUP BY over the jobs, whoever writes them. Quarter hours,
 * not days: every zone's midnight falls on one, so any zone's days are sums of whole buckets.
 */
export const trendBuckets = pgTable(
  "trend_buckets",
  {
    account: text("account").notNull(),
    bucket: at("bucket").notNull(),
    type: text("type").notNull(),
    jobs: integer("jobs").notNull(),
    operations: integer("operations").notNull(),
    failed: integer("failed").notNull(),
  },
  (t) => [primaryKey({ name: "trend_buckets_pkey", columns: [t.account, t.bucket, t.type] })],
);

/** Error entries per quarter hour and group: code, title and pointer with its entry index as 0 ('' when none). */
export const trendErrors = pgTable(
  "trend_errors",
  {
    account: text("account").notNull(),
    bucket: at("bucket").notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    pointer: text("pointer").notNull(),
    entries: integer("entries").notNull(),
  },
  (t) => [primaryKey({ name: "trend_errors_pkey", columns: [t.account, t.bucket, t.code, t.title, t.pointer] })],
);
