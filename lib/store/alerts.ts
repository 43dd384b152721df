/**
 * The alert outbox, the same for both engines. An event is decided once: its unique key (rule,
 * subject, kind) turns a second decision (another instance, a re-evaluation) into a no-op, and the
 * event and its deliveries (one per channel) are written in one transaction. Deliveries are claimed
 * with a lease (`FOR UPDATE SKIP LOCKED`, so instances sharing PostgreSQL never claim the same one):
 * a process that dies between claiming and recording the answer leaves the lease to expire, and the
 * delivery is sent again after the restart, never zero times.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "./open";
import { alertChannels, alertDeliveries, alertEvents } from "./schema";

export type DeliveryState = "pending" | "sent" | "failed";

export interface Decision {
  /** the stored account of the rule (or of the channel tested) */
  account: string;
  ruleId: string;
  subject: string;
  kind: string;
  title: string;
  message: Record<string, unknown>;
  channelIds: string[];
  at: Date;
}

/** Records the event and its deliveries unless it was decided before; its id, or null when it was. */
export async function decideEvent(db: Db, decision: Decision): Promise<string | null> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(alertEvents)
      .values({
        id: randomUUID(),
        account: decision.account,
        ruleId: decision.ruleId,
        subject: decision.subject,
        kind: decision.kind,
        title: decision.title,
        message: decision.message,
        decidedAt: decision.at,
      })
      .onConflictDoNothing()
      .returning({ id: alertEvents.id });
    const id = inserted[0]?.id;
    if (!id) return null;
    const channels = [...new Set(decision.channelIds)];
    if (channels.length > 0) {
      await tx
        .insert(alertDeliveries)
        .values(channels.map((channelId) => ({ eventId: id, channelId, nextAttemptAt: decision.at })));
    }
    return id;
  });
}

export interface ClaimedDelivery {
  eventId: string;
  channelId: string;
  /** this attempt's number, from 1 */
  attempt: number;
  kind: string;
  subject: string;
  title: string;
  message: Record<string, unknown>;
  decidedAt: string;
}

/**
 * Takes up to `limit` deliveries that are due, to channels that are not broken, and leases them
 * until `leaseUntil`: nobody else takes them meanwhile, and if nothing is recorded by then (the
 * process died) they are due again.
 */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await rowsOf<{
    event_id: string;
    channel_id: string;
    attempts: number;
  }>(
    db,
    sql`update ${alertDeliveries} d
        set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
        from (
          select event_id, channel_id from ${alertDeliveries}
          where state = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
            and channel_id in (select id from ${alertChannels} where state = 'ok')
          order by next_attempt_at
          limit ${limit}
          for update skip locked
        ) due
        where d.event_id = due.event_id and d.channel_id = due.channel_id
        returning d.event_id, d.channel_id, d.attempts`,
  );
  if (rows.length === 0) return [];
  const events = await db
    .select()
    .from(alertEvents)
    .where(
      inArray(
        alertEvents.id,
        rows.map((row) => row.event_id),
      ),
    );
  const byId = new Map(events.map((event) => [event.id, event]));
  return rows.flatMap((row) => {
    const event = byId.get(row.event_id);
    if (!event) return [];
    return [
      {
        eventId: row.event_id,
        channelId: row.channel_id,
        attempt: row.attempts,
        kind: event.kind,
        subject: event.subject,
        title: event.title,
        message: event.message,
        decidedAt: event.decidedAt.toISOString(),
      },
    ];
  });
}

const one = (eventId: string, channelId: string) =>
  and(eq(alertDeliveries.eventId, eventId), eq(alertDeliveries.channelId, channelId));

export async function markSent(db: Db, eventId: string, channelId: string, at: Date): Promise<void> {
  await db.update(alertDeliveries).set({ state: "sent", sentAt: at, lastError: null }).where(one(eventId, channelId));
}

/** A failure worth retrying: due again at `retryAt`, or failed for good when `retryAt` is null. */
export async function markFailed(
  db: Db,
  eventId: string,
  channelId: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .update(alertDeliveries)
    .set(
      retryAt ? { state: "pending", nextAttemptAt: retryAt, lastError: error } : { state: "failed", lastError: error },
    )
    .where(one(eventId, channelId));
}

/**
 * The channel refused the message in a way retrying will not mend (a 4xx other than 408/429): the
 * delivery fails and the channel is marked broken, holding its other deliveries until it is edited.
 */
export async function markBroken(db: Db, eventId: string, channelId: string, error: string, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(alertDeliveries).set({ state: "failed", lastError: error }).where(one(eventId, channelId));
    await tx
      .update(alertChannels)
      .set({ state: "broken", brokenReason: error, updatedAt: at })
      .where(eq(alertChannels.id, channelId));
  });
}

export interface DeliveryRow {
  eventId: string;
  channelId: string;
  channelName: string | null;
  ruleId: string;
  subject: string;
  kind: string;
  title: string;
  link: string | null;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  decidedAt: string;
}

/** The account's newest deliveries first: what the history on /alerts shows. */
export async function deliveryHistory(db: Db, account: string, limit = 100): Promise<DeliveryRow[]> {
  const rows = await db
    .select({
      eventId: alertDeliveries.eventId,
      channelId: alertDeliveries.channelId,
      channelName: alertChannels.name,
      ruleId: alertEvents.ruleId,
      subject: alertEvents.subject,
      kind: alertEvents.kind,
      title: alertEvents.title,
      message: alertEvents.message,
      state: alertDeliveries.state,
      attempts: alertDeliveries.attempts,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      lastError: alertDeliveries.lastError,
      sentAt: alertDeliveries.sentAt,
      decidedAt: alertEvents.decidedAt,
    })
    .from(alertDeliveries)
    .innerJoin(alertEvents, eq(alertEvents.id, alertDeliveries.eventId))
    .leftJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .where(eq(alertEvents.account, account))
    .orderBy(desc(alertEvents.decidedAt), alertDeliveries.channelId)
    .limit(limit);
  return rows.map(({ message, ...row }) => ({
    ...row,
    state: row.state as DeliveryState,
    link: typeof message.link === "string" ? message.link : null,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt ? row.sentAt.toISOString() : null,
    decidedAt: row.decidedAt.toISOString(),
  }));
}
