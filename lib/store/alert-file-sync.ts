/**
 * ALERTS_FILE's channels and rules written into the store as read-only rows, at start. Their ids come
 * from their names, so a restart updates rows instead of adding them; rows of the file that the file
 * no longer holds are removed. Each write changes a row only when it differs, so two instances
 * starting together write (and note in the change log) each change once. A file channel's secret is
 * not stored: the process resolved it from its environment and keeps it in memory.
 */
import { randomUUID } from "node:crypto";
import { and, eq, like, notInArray, sql } from "drizzle-orm";
import { type AlertsFile, FILE_CHANNEL_PREFIX, FILE_RULE_PREFIX } from "../alerts/file";
import type { Db } from "./open";
import { alertChanges, alertChannels, alertRules } from "./schema";

/** Who the change log names for what the file changed. */
export const FILE_ACTOR = "ALERTS_FILE";

export interface SyncResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

async function note(
  db: Db,
  at: Date,
  row: { account: string | null; target: "rule" | "channel"; id: string },
  action: string,
  summary: string,
) {
  await db.insert(alertChanges).values({
    id: randomUUID(),
    account: row.account,
    at,
    by: FILE_ACTOR,
    target: row.target,
    targetId: row.id,
    action,
    summary,
  });
}

/** Makes the store's file rows what `file` says (none when it is null). */
export async function syncAlertsFile(db: Db, file: AlertsFile | null, at = new Date()): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], deleted: [] };
  // Rows are created a millisecond apart, so that the page lists them in the file's order.
  const createdAt = (index: number) => new Date(at.getTime() + index);
  const record = async (
    target: "rule" | "channel",
    row: { id: string; account: string | null; name: string; createdAt: Date },
    index: number,
  ) => {
    const action = row.createdAt.getTime() === createdAt(index).getTime() ? "created" : "updated";
    result[action].push(row.id);
    await note(db, at, { ...row, target }, action, `${target} "${row.name}" from ALERTS_FILE`);
  };

  for (const [index, channel] of (file?.channels ?? []).entries()) {
    const [row] = await db
      .insert(alertChannels)
      .values({
        id: channel.id,
        account: channel.account,
        name: channel.name,
        kind: channel.kind,
        settings: channel.settings,
        secret: null,
        createdAt: createdAt(index),
        updatedAt: at,
        updatedBy: FILE_ACTOR,
      })
      .onConflictDoUpdate({
        target: alertChannels.id,
        set: {
          account: excluded("account"),
          name: excluded("name"),
          kind: excluded("kind"),
          settings: excluded("settings"),
          secret: sql`null`,
          // an edited channel is given another chance, as one edited on the page is
          state: "ok",
          brokenReason: sql`null`,
          updatedAt: excluded("updated_at"),
          updatedBy: excluded("updated_by"),
        },
        setWhere: sql`(${alertChannels.account}, ${alertChannels.name}, ${alertChannels.kind}, ${alertChannels.settings}) is distinct from (excluded.account, excluded.name, excluded.kind, excluded.settings)`,
      })
      .returning({
        id: alertChannels.id,
        account: alertChannels.account,
        name: alertChannels.name,
        createdAt: alertChannels.createdAt,
      });
    if (row) await record("channel", row, index);
  }

  for (const [index, rule] of (file?.rules ?? []).entries()) {
    const [row] = await db
      .insert(alertRules)
      .values({
        id: rule.id,
        account: rule.account,
        name: rule.name,
        kind: rule.kind,
        scope: rule.scope,
        params: rule.params,
        channelIds: rule.channelIds,
        muted: rule.muted,
        oneOff: false,
        createdAt: createdAt(index),
        updatedAt: at,
        updatedBy: FILE_ACTOR,
      })
      .onConflictDoUpdate({
        target: alertRules.id,
        set: {
          account: excluded("account"),
          name: excluded("name"),
          kind: excluded("kind"),
          scope: excluded("scope"),
          params: excluded("params"),
          channelIds: excluded("channel_ids"),
          muted: excluded("muted"),
          updatedAt: excluded("updated_at"),
          updatedBy: excluded("updated_by"),
        },
        setWhere: sql`(${alertRules.account}, ${alertRules.name}, ${alertRules.kind}, ${alertRules.scope}, ${alertRules.params}, ${alertRules.channelIds}, ${alertRules.muted}) is distinct from (excluded.account, excluded.name, excluded.kind, excluded.scope, excluded.params, excluded.channel_ids, excluded.muted)`,
      })
      .returning({
        id: alertRules.id,
        account: alertRules.account,
        name: alertRules.name,
        createdAt: alertRules.createdAt,
      });
    if (row) await record("rule", row, index);
  }

  // Rules go before channels: a rule of the file names only channels of the file.
  const gone = [
    ...(
      await db
        .delete(alertRules)
        .where(
          and(
            like(alertRules.id, `${FILE_RULE_PREFIX}%`),
            notInArray(
              alertRules.id,
              (file?.rules ?? []).map((rule) => rule.id),
            ),
          ),
        )
        .returning({ id: alertRules.id, account: alertRules.account, name: alertRules.name })
    ).map((row) => ({ ...row, target: "rule" as const })),
    ...(
      await db
        .delete(alertChannels)
        .where(
          and(
            like(alertChannels.id, `${FILE_CHANNEL_PREFIX}%`),
            notInArray(
              alertChannels.id,
              (file?.channels ?? []).map((channel) => channel.id),
            ),
          ),
        )
        .returning({ id: alertChannels.id, account: alertChannels.account, name: alertChannels.name })
    ).map((row) => ({
      ...row,
      target: "channel" as const,
    })),
  ];
  for (const row of gone) {
    result.deleted.push(row.id);
    await note(db, at, row, "deleted", `${row.target} "${row.name}", no longer in ALERTS_FILE`);
  }
  // A rule made on the page may have used a channel the file no longer holds: it keeps its others.
  const goneChannels = new Set(gone.filter((row) => row.target === "channel").map((row) => row.id));
  if (goneChannels.size > 0) {
    for (const rule of await db.select().from(alertRules)) {
      if (!rule.channelIds.some((id) => goneChannels.has(id))) continue;
      const channelIds = rule.channelIds.filter((id) => !goneChannels.has(id));
      await db
        .update(alertRules)
        .set({ channelIds, updatedAt: at, updatedBy: FILE_ACTOR })
        .where(eq(alertRules.id, rule.id));
      await note(
        db,
        at,
        { account: rule.account, target: "rule", id: rule.id },
        "updated",
        `rule "${rule.name}": a channel left ALERTS_FILE`,
      );
    }
  }
  return result;
}
