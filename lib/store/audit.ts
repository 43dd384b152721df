/** The audit log's reads and writes (see `auditLog` in ./schema). */
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Db } from "./open";
import { auditLog } from "./schema";

export interface AuditEntry {
  actor: string;
  action: "sign_in" | "sign_in_failed" | "denied" | "forbidden" | "change" | "keep" | "export";
  account: string | null;
  target: string;
  detail: string;
}

export interface AuditRow extends AuditEntry {
  id: string;
  at: string;
}

export async function insertAudit(db: Db, entry: AuditEntry, at = new Date()): Promise<void> {
  await db.insert(auditLog).values({ id: randomUUID(), at, ...entry });
}

/** Removes entries older than `before`; how many went. */
export async function pruneAudit(db: Db, before: Date): Promise<number> {
  const removed = await db.delete(auditLog).where(lt(auditLog.at, before)).returning({ id: auditLog.id });
  return removed.length;
}

/** Where a page of the log ends: entries older than this time, or at it with a smaller id. */
export interface AuditCursor {
  at: Date;
  /** absent: everything at `at` is left out too (a bare time, as older links give it) */
  id?: string;
}

/**
 * Newest first, ordered by time and then id (only `accounts`' entries when given); `before` pages back from an entry, so entries recorded
 * in the same millisecond are neither skipped nor shown twice across pages.
 */
export async function listAudit(
  db: Db,
  options: { limit: number; before?: AuditCursor; accounts?: string[] },
): Promise<AuditRow[]> {
  const { before, accounts } = options;
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        before
          ? before.id
            ? or(lt(auditLog.at, before.at), and(eq(auditLog.at, before.at), lt(auditLog.id, before.id)))
            : lt(auditLog.at, before.at)
          : undefined,
        // Only these accounts' entries (not those about no account, such as sign-ins).
        accounts ? inArray(auditLog.account, accounts) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(options.limit);
  return rows.map((row) => ({ ...row, action: row.action as AuditEntry["action"], at: row.at.toISOString() }));
}
