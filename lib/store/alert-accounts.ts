/**
 * Alert rows made before they carried an account (migration 0010 adds the column, empty: the id of
 * the account they belong to comes from the configuration, which SQL does not see). They were the
 * one account's, so they become the default account's: with one account, exactly the id its jobs
 * carry, and nothing changes on the page. Run at start and before the default account's
 * evaluations, since instances of the previous release may still write such rows while an upgrade
 * rolls; each statement touches only rows still without an account (a partial index finds them).
 */
import { isNull } from "drizzle-orm";
import type { Db } from "./open";
import { alertChanges, alertChannels, alertEvents, alertRules } from "./schema";

/** Gives rows without an account to `account` (a stored account id); how many it gave. */
export async function claimUnownedAlerts(db: Db, account: string): Promise<number> {
  let claimed = 0;
  for (const table of [alertChannels, alertRules, alertEvents, alertChanges]) {
    const rows = await db.update(table).set({ account }).where(isNull(table.account)).returning({ id: table.id });
    claimed += rows.length;
  }
  return claimed;
}
