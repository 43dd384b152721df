/** Alert rules in the store, and what their evaluation reads of the job history. */
import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, isNull, max, sql } from "drizzle-orm";
import type { Job } from "../types";
import type { Db } from "./open";
import { alertRules, jobChanges, jobs } from "./schema";

export type RuleRow = typeof alertRules.$inferSelect;

export interface RuleWrite {
  /** the stored account whose jobs it watches */
  account: string;
  name: string;
  kind: string;
  scope: Record<string, unknown>;
  params: Record<string, unknown>;
  channelIds: string[];
  muted: boolean;
  oneOff?: boolean;
  by: string | null;
  at: Date;
}

export async function insertRule(db: Db, write: RuleWrite, id: string = randomUUID()): Promise<RuleRow> {
  const [row] = await db
    .insert(alertRules)
    .values({
      id,
      account: write.account,
      name: write.name,
      kind: write.kind,
      scope: write.scope,
      params: write.params,
      channelIds: write.channelIds,
      muted: write.muted,
      oneOff: write.oneOff ?? false,
      createdAt: write.at,
      updatedAt: write.at,
      updatedBy: write.by,
    })
    .returning();
  return row!;
}

/** A rule of `account` by id; another account's is as unknown as a missing one. */
const ruleOf = (account: string, id: string) => and(eq(alertRules.account, account), eq(alertRules.id, id));

export async function updateRule(db: Db, id: string, write: RuleWrite): Promise<RuleRow | null> {
  const [row] = await db
    .update(alertRules)
    .set({
      name: write.name,
      kind: write.kind,
      scope: write.scope,
      params: write.params,
      channelIds: write.channelIds,
      muted: write.muted,
      updatedAt: write.at,
      updatedBy: write.by,
    })
    .where(ruleOf(write.account, id))
    .returning();
  return row ?? null;
}

export async function getRule(db: Db, account: string, id: string): Promise<RuleRow | null> {
  const [row] = await db.select().from(alertRules).where(ruleOf(account, id));
  return row ?? null;
}

export async function listRules(db: Db, account: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(alertRules)
    .where(eq(alertRules.account, account))
    .orderBy(asc(alertRules.createdAt), asc(alertRules.id));
}

/** The account's rules that may fire: not muted, and (for a one-off watch) not fired yet. */
export async function activeRules(db: Db, account: string): Promise<RuleRow[]> {
  return db
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.account, account), eq(alertRules.muted, false), isNull(alertRules.doneAt)))
    .orderBy(asc(alertRules.createdAt));
}

export async function markRuleDone(db: Db, id: string, at: Date): Promise<void> {
  await db.update(alertRules).set({ doneAt: at }).where(eq(alertRules.id, id));
}

export async function deleteRule(db: Db, account: string, id: string): Promise<boolean> {
  const removed = await db.delete(alertRules).where(ruleOf(account, id)).returning({ id: alertRules.id });
  return removed.length > 0;
}

/** Every stored job of the account created at or after `since` (lists' columns: no kept items). */
export async function jobsCreatedSince(db: Db, account: string, since: Date): Promise<Job[]> {
  const rows = await db
    .select({
      type: jobs.type,
      id: jobs.id,
      status: jobs.status,
      createdAt: jobs.createdAt,
      completedAt: jobs.completedAt,
      expiresAt: jobs.expiresAt,
      totalCount: jobs.totalCount,
      completedCount: jobs.completedCount,
      failedCount: jobs.failedCount,
      errors: jobs.errors,
    })
    .from(jobs)
    .where(and(eq(jobs.account, account), gte(jobs.createdAt, since)));
  return rows.map((row) => ({
    ...row,
    type: row.type as Job["type"],
    status: row.status as Job["status"],
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    relatedIds: [],
  }));
}

/**
 * When each queued or processing job of the account last changed (status or counts), as the
 * collector observed it: `type/id` → ms. A job that has not moved since then is what "stalled" means.
 */
export async function lastProgress(db: Db, account: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ type: jobChanges.type, id: jobChanges.id, at: max(jobChanges.observedAt) })
    .from(jobChanges)
    .innerJoin(
      jobs,
      and(eq(jobs.account, jobChanges.account), eq(jobs.type, jobChanges.type), eq(jobs.id, jobChanges.id)),
    )
    .where(and(eq(jobChanges.account, account), sql`${jobs.status} in ('queued', 'processing')`, isNull(jobs.goneAt)))
    .groupBy(jobChanges.type, jobChanges.id);
  return new Map(
    rows.flatMap((row) => (row.at ? [[`${row.type}/${row.id}`, new Date(row.at).getTime()] as const] : [])),
  );
}
