import "server-only";
/** Reading the audit log: admins of every account only (it spans accounts and people). */
import { currentAccess } from "../auth/current-access.server";
import { ApiError } from "../http/errors";
import { type AuditRow, listAudit } from "../store/audit";
import { currentStore } from "../store/shared";

export const AUDIT_PAGE = 100;

/** `before` as the URL gives it: an ISO time, or nothing for the newest entries. */
export function parseBefore(value: string | null): Date | undefined {
  if (value === null || value === "") return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new ApiError("bad_request", "before must be a time such as 2026-12-07T12:00:00.000Z");
  return at;
}

export async function readAudit(before: Date | undefined): Promise<{ entries: AuditRow[]; older: string | null }> {
  if (!(await currentAccess())?.adminEverywhere)
    throw new ApiError("forbidden", "Only an admin of every account reads the audit log.");
  const store = currentStore();
  if (!store) throw new ApiError("store_unavailable", "The store is not available: the audit log cannot be read now.");
  const entries = await listAudit(store.db, { limit: AUDIT_PAGE + 1, before });
  const more = entries.length > AUDIT_PAGE;
  const shown = entries.slice(0, AUDIT_PAGE);
  return { entries: shown, older: more ? (shown.at(-1)?.at ?? null) : null };
}
