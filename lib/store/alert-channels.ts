/** Alert channels in the store. The secret column holds the sealed secret (see lib/alerts/secret-box). */
import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "./open";
import { alertChannels } from "./schema";

export type ChannelRow = typeof alertChannels.$inferSelect;

export interface ChannelWrite {
  /** the stored account it belongs to */
  account: string;
  name: string;
  kind: string;
  settings: Record<string, unknown>;
  secret: string | null;
  by: string | null;
  at: Date;
}

export async function insertChannel(db: Db, write: ChannelWrite, id: string = randomUUID()): Promise<ChannelRow> {
  const [row] = await db
    .insert(alertChannels)
    .values({
      id,
      account: write.account,
      name: write.name,
      kind: write.kind,
      settings: write.settings,
      secret: write.secret,
      createdAt: write.at,
      updatedAt: write.at,
      updatedBy: write.by,
    })
    .returning();
  return row!;
}

/** A channel of `account` by id; another account's is as unknown as a missing one. */
const channelOf = (account: string, id: string) => and(eq(alertChannels.account, account), eq(alertChannels.id, id));

/** Replaces a channel's definition; an edited channel is no longer broken. */
export async function updateChannel(db: Db, id: string, write: ChannelWrite): Promise<ChannelRow | null> {
  const [row] = await db
    .update(alertChannels)
    .set({
      name: write.name,
      kind: write.kind,
      settings: write.settings,
      secret: write.secret,
      state: "ok",
      brokenReason: null,
      updatedAt: write.at,
      updatedBy: write.by,
    })
    .where(channelOf(write.account, id))
    .returning();
  return row ?? null;
}

export async function getChannel(db: Db, account: string, id: string): Promise<ChannelRow | null> {
  const [row] = await db.select().from(alertChannels).where(channelOf(account, id));
  return row ?? null;
}

/** A channel of any account, by id: for the delivery worker, which sends every account's alerts. */
export async function channelById(db: Db, id: string): Promise<ChannelRow | null> {
  const [row] = await db.select().from(alertChannels).where(eq(alertChannels.id, id));
  return row ?? null;
}

export async function listChannels(db: Db, account: string): Promise<ChannelRow[]> {
  return db
    .select()
    .from(alertChannels)
    .where(eq(alertChannels.account, account))
    .orderBy(asc(alertChannels.createdAt), asc(alertChannels.id));
}

export async function deleteChannel(db: Db, account: string, id: string): Promise<boolean> {
  const removed = await db.delete(alertChannels).where(channelOf(account, id)).returning({ id: alertChannels.id });
  return removed.length > 0;
}
