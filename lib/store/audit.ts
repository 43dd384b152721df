/** The audit log's reads and writes (see `auditLog` in ./schema). */
import { randomUUID } from "node:crypto";
import { desc, lt } from "drizzle-orm";
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

/** Newest first; `before` pages back from an entry's time. */
export async function listAudit(db: Db, options: { limit: number; before?: Date }): Promise<AuditRow[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(options.before ? lt(auditLog.at, options.before) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(options.limit);
  return rows.map((row) => ({ ...row, action: row.action as AuditEntry["action"], at: row.at.toISOString() }));
}
