import "server-only";
/**
 * Writing to the audit log from a request. Auditing never stands in the way of the act it records:
 * when the store cannot take the entry (not open yet, unreachable), the entry goes to the log as a
 * JSON line instead, so it is never silently lost.
 */
import { currentAccount } from "../accounts/current.server";
import { currentAccess } from "../auth/current-access.server";
import { logger } from "../observability/logger";
import { type AuditEntry, insertAudit } from "../store/audit";
import { currentStore } from "../store/shared";

export async function audit(entry: AuditEntry): Promise<void> {
  const store = currentStore();
  try {
    if (!store) throw new Error("the store is not open");
    await insertAudit(store.db, entry);
  } catch (error) {
    logger().warn({
      event: "audit_not_stored",
      ...entry,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The person and account of the current request, as the proxy decided them. */
export async function requester(): Promise<{ actor: string; account: string | null }> {
  const [access, account] = await Promise.all([currentAccess(), currentAccount().catch(() => null)]);
  return { actor: access?.user ?? "anonymous", account: account?.name ?? null };
}

/** Keep or let go of a job or a run: the path names which. */
export async function auditKeep(request: Request, keep: boolean): Promise<void> {
  const url = new URL(request.url);
  await audit({
    ...(await requester()),
    action: "keep",
    target: url.pathname.replace(/\/keep$/, "") + url.search,
    detail: keep ? "kept past retention" : "let go to expire with the rest",
  });
}
