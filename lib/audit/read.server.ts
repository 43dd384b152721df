import "server-only";
/**
 * Reading the audit log: an admin of every account reads all of it (sign-ins included, which belong
 * to no account); an admin of some accounts reads the entries about those accounts.
 */
import { currentAccess } from "../auth/current-access.server";
import { ApiError } from "../http/errors";
import { type AuditCursor, type AuditRow, listAudit } from "../store/audit";
import { currentStore } from "../store/shared";

export const AUDIT_PAGE = 100;

/** Entry ids are UUIDs; anything else in a cursor is refused, not passed to the store. */
const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `before` and `id` as the URL gives them: the last entry of the page before (its time and id), a
 * bare time (older than it), or nothing for the newest entries.
 */
export function parseBefore(value: string | null, id: string | null = null): AuditCursor | undefined {
  if (value === null || value === "") {
    if (id) throw new ApiError("bad_request", "id goes with before: the time of the entry it names");
    return undefined;
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw new ApiError("bad_request", "before must be a time such as 2026-12-07T12:00:00.000Z");
  if (id === null || id === "") return { at };
  if (!ENTRY_ID.test(id)) throw new ApiError("bad_request", "id must be an audit entry's id, as the log gives it");
  return { at, id };
}

export interface AuditPage {
  entries: AuditRow[];
  /** the accounts whose entries these are; null for the whole log */
  accounts: string[] | null;
  /** the time and id of the last entry shown, to ask for the page after it; null when none is older */
  older: { before: string; id: string } | null;
}

export async function readAudit(before: AuditCursor | undefined): Promise<AuditPage> {
  const access = await currentAccess();
  if (!access || access.adminOf.length === 0) throw new ApiError("forbidden", "Only an admin reads the audit log.");
  const store = currentStore();
  if (!store) throw new ApiError("store_unavailable", "The store is not available: the audit log cannot be read now.");
  const entries = await listAudit(store.db, {
    limit: AUDIT_PAGE + 1,
    before,
    accounts: access.adminEverywhere ? undefined : access.adminOf,
  });
  const more = entries.length > AUDIT_PAGE;
  const shown = entries.slice(0, AUDIT_PAGE);
  const last = shown.at(-1);
  return {
    entries: shown,
    accounts: access.adminEverywhere ? null : access.adminOf,
    older: more && last ? { before: last.at, id: last.id } : null,
  };
}
