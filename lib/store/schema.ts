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
 * Where alerts go: a Slack incoming webhook, a signed webhook or an email address. `settings` holds
 * what may be shown (SMTP host, addresses, the URL's host); `secret` the rest, encrypted
 * (AES-256-GCM with ALERTS_SECRET_KEY). A channel that answered 4xx is `broken` until it is edited.
 */
export const alertChannels = pgTable("alert_channels", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind").notNull(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  secret: text("secret"),
  state: text("state").notNull().default("ok"),
  brokenReason: text("broken_reason"),
  createdAt: at("created_at").notNull(),
  updatedAt: at("updated_at").notNull(),
  updatedBy: text("updated_by"),
});

/** What to watch: a condition, a scope (all jobs, one type, one run, one job) and its channels. */
export const alertRules = pgTable("alert_rules", {
  id: text("id").primaryKey(),
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
});

/**
 * The outbox: each alert decided once. The unique key (rule, subject, kind) makes a second decision
 * of the same thing, by another instance or a re-evaluation, a no-op.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: text("id").primaryKey(),
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
    at: at("at").notNull(),
    by: text("by").notNull(),
    /** "rule" or "channel" */
    target: text("target").notNull(),
    targetId: text("target_id").notNull(),
    /** "created", "updated", "muted", "unmuted", "deleted", "tested" */
    action: text("action").notNull(),
    summary: text("summary").notNull(),
  },
  (t) => [index("alert_changes_by_time").on(t.at.desc().nullsFirst())],
);
