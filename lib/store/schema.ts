/**
 * The job-history store's tables, one schema for both engines (PGlite and PostgreSQL). Every row
 * carries the account it came from. Changing a table means a new migration (`npm run db:generate`),
 * added in one release and removals a release later, so instances can be upgraded one at a time.
 *
 * Index orders are written `.desc().nullsFirst()`: that is what `ORDER BY … DESC` means, and an index
 * declared `DESC NULLS LAST` cannot serve it.
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CatalogResource, JobError } from "../types";

/**
 * A job's failure rate (failed / total operations, 0 for a job of none), as SQL over the row's own
 * columns: the index on it and the queries that order by it must spell it identically.
 */
export const FAILURE_RATE_SQL = "failed_count::double precision / greatest(total_count, 1)";

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
    // The history views: the whole account ordered by failed operations or by failure rate,
    // and the jobs with failures newest first (a small part of the account, scanned in date order).
    index("jobs_by_failed").on(
      t.account,
      t.failedCount.desc().nullsFirst(),
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("jobs_by_failure_rate").on(
      t.account,
      sql`(${sql.raw(FAILURE_RATE_SQL)}) desc nulls first`,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("jobs_with_failures")
      .on(t.account, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.failedCount} > 0`),
    index("jobs_unfinished").on(t.account, t.type).where(sql`${t.status} in ('queued', 'processing')`),
    // The collector's two queues: finished jobs whose items are not kept yet, and jobs past their expiry
    // Klaviyo has not been asked about. Small, and without them each pass scans the whole account.
    index("jobs_items_to_keep")
      .on(t.account, t.createdAt)
      .where(sql`${t.includedAt} is null and ${t.goneAt} is null and ${t.status} in ('complete', 'cancelled')`),
    index("jobs_expiry_to_check").on(t.account, t.expiresAt).where(sql`${t.goneAt} is null`),
    // Search by the start of a job id: a pattern index answers `id like 'ABC%'` whatever the collation.
    index("jobs_by_id_prefix").on(t.account, t.id.op("text_pattern_ops")),
  ],
);

/**
 * The search index, kept as jobs are recorded (lib/store/search-index.ts): what a person searches by,
 * per job. `sku` rows name an item, variant or category by its external id (or a variant's SKU) with
 * what happened to it in that job; `error` rows are one per error group of a job (code and field),
 * with their words for trigram search. A job's rows are replaced whenever the job is recorded again.
 */
export const searchEntries = pgTable(
  "search_entries",
  {
    account: text("account").notNull(),
    type: text("type").notNull(),
    jobId: text("job_id").notNull(),
    /** the entry's place among its job's entries */
    n: integer("n").notNull(),
    /** `sku` or `error` */
    kind: text("kind").notNull(),
    /** what is looked up exactly, lower case: an external id or SKU, or an error code */
    key: text("key").notNull(),
    /** the key as Klaviyo wrote it */
    label: text("label").notNull(),
    /** created, updated, deleted, failed, or named (a failed entry referred to it) */
    outcome: text("outcome").notNull(),
    code: text("code"),
    field: text("field"),
    title: text("title"),
    detail: text("detail"),
    /** error entries in the group (1 for a SKU) */
    count: integer("count").notNull().default(1),
    /** the group's title and details, lower case, for word search (error rows only) */
    words: text("words"),
    /** the job's creation: results are newest first */
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "search_entries_pkey", columns: [t.account, t.type, t.jobId, t.n] }),
    index("search_entries_by_key").on(
      t.account,
      t.kind,
      t.key,
      t.createdAt.desc().nullsFirst(),
      t.type.desc().nullsFirst(),
      t.jobId.desc().nullsFirst(),
      t.n.desc().nullsFirst(),
    ),
    // Words found in many error groups are read newest first down this index until a page is full;
    // rare words through the trigram index. The planner picks by how many rows it expects.
    index("search_entries_by_created").on(
      t.account,
      t.kind,
      t.createdAt.desc().nullsFirst(),
      t.type.desc().nullsFirst(),
      t.jobId.desc().nullsFirst(),
      t.n.desc().nullsFirst(),
    ),
    index("search_entries_words").using("gin", t.words.op("gin_trgm_ops")),
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
 * Where alerts go: a Slack incoming webhook, a signed webhook or an email address. `settings` holds
 * what may be shown (SMTP host, addresses, the URL's host); `secret` the rest, encrypted
 * (AES-256-GCM with ALERTS_SECRET_KEY). A channel that answered 4xx is `broken` until it is edited.
 */
export const alertChannels = pgTable(
  "alert_channels",
  {
    id: text("id").primaryKey(),
    /** the stored account it belongs to (null only on rows of a release before accounts: see alert-accounts.ts) */
    account: text("account"),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    secret: text("secret"),
    state: text("state").notNull().default("ok"),
    brokenReason: text("broken_reason"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    updatedBy: text("updated_by"),
  },
  (t) => [index("alert_channels_unowned").on(t.id).where(sql`${t.account} is null`)],
);

/** What to watch: a condition, a scope (all jobs, one type, one run, one job) and its channels. */
export const alertRules = pgTable(
  "alert_rules",
  {
    id: text("id").primaryKey(),
    /** the stored account whose jobs it watches (null only on rows of a release before accounts) */
    account: text("account"),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    scope: jsonb("scope").$type<Record<string, unknown>>().notNull(),
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    channelIds: jsonb("channel_ids").$type<string[]>().notNull(),
    muted: boolean("muted").notNull().default(false),
    /** a "Watch" rule: it ends once it has fired */
    oneOff: boolean("one_off").notNull().default(false),
    doneAt: at("done_at"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    updatedBy: text("updated_by"),
  },
  (t) => [
    index("alert_rules_by_account").on(t.account, t.createdAt),
    index("alert_rules_unowned").on(t.id).where(sql`${t.account} is null`),
  ],
);

/**
 * The outbox: each alert decided once. The unique key (rule, subject, kind) makes a second decision
 * of the same thing, by another instance or a re-evaluation, a no-op.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: text("id").primaryKey(),
    /** its rule's account (a channel test: its channel's) */
    account: text("account"),
    ruleId: text("rule_id").notNull(),
    subject: text("subject").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    message: jsonb("message").$type<Record<string, unknown>>().notNull(),
    decidedAt: at("decided_at").notNull(),
  },
  (t) => [
    uniqueIndex("alert_events_once").on(t.ruleId, t.subject, t.kind),
    index("alert_events_by_time").on(t.decidedAt.desc().nullsFirst()),
    index("alert_events_by_account").on(t.account, t.decidedAt.desc().nullsFirst()),
    index("alert_events_unowned").on(t.id).where(sql`${t.account} is null`),
  ],
);

/** One event's delivery to one channel: pending until sent, retried with backoff, or failed for good. */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    eventId: text("event_id").notNull(),
    channelId: text("channel_id").notNull(),
    state: text("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull(),
    lastError: text("last_error"),
    sentAt: at("sent_at"),
  },
  (t) => [
    primaryKey({ name: "alert_deliveries_pkey", columns: [t.eventId, t.channelId] }),
    index("alert_deliveries_due").on(t.nextAttemptAt).where(sql`${t.state} = 'pending'`),
  ],
);

/** Who changed which rule or channel, how and when: the page's change log. */
export const alertChanges = pgTable(
  "alert_changes",
  {
    id: text("id").primaryKey(),
    /** the account of the rule or channel changed */
    account: text("account"),
    at: at("at").notNull(),
    by: text("by").notNull(),
    /** "rule" or "channel" */
    target: text("target").notNull(),
    targetId: text("target_id").notNull(),
    /** "created", "updated", "muted", "unmuted", "deleted", "tested" */
    action: text("action").notNull(),
    summary: text("summary").notNull(),
  },
  (t) => [
    index("alert_changes_by_time").on(t.at.desc().nullsFirst()),
    index("alert_changes_by_account").on(t.account, t.at.desc().nullsFirst()),
    index("alert_changes_unowned").on(t.id).where(sql`${t.account} is null`),
  ],
);

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

/**
 * Who did what, when, to which account: sign-ins (and failed ones), changes to alert rules,
 * channels and kept jobs, exports, and attempts to reach what a person may not see. Admins read it.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: at("at").notNull(),
    /** the person (a user name, an email, "anonymous" without sign-in), or the name a failed sign-in gave */
    actor: text("actor").notNull(),
    /** "sign_in", "sign_in_failed", "denied", "forbidden", "change", "keep", "export" */
    action: text("action").notNull(),
    /** the account's name, when the act was about one */
    account: text("account"),
    /** what was acted on: a path, a rule, a job */
    target: text("target").notNull(),
    /** a short sentence, never a secret */
    detail: text("detail").notNull(),
  },
  (t) => [index("audit_log_by_time").on(t.at.desc().nullsFirst())],
);
