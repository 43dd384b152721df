/**
 * The delivery worker: sends what the outbox holds. Every instance may run one; claiming is safe
 * (see lib/store/alerts.ts). Each delivery is leased while it is being sent, so a process that dies
 * mid-send leaves it due again once the lease ends: a message is sent at least once, and carries
 * the event's id (Standard Webhooks `webhook-id`, email Message-ID) so that the receiver can drop
 * the rare duplicate. Failures retry with exponential backoff; a 4xx marks the channel broken.
 */

import { channelById } from "../store/alert-channels";
import { claimDue, markBroken, markFailed, markSent } from "../store/alerts";
import type { Db } from "../store/open";
import type { ChannelKind } from "./channels";
import { isFileRowId } from "./file";
import type { AlertMessage } from "./message";
import { openSecret } from "./secret-box.server";
import { type SendOutcome, sendAlert } from "./send.server";

export interface Backoff {
  /** the wait after the first failure; it doubles after each */
  baseMs: number;
  maxMs: number;
  /** attempts in all before a delivery is failed for good */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 30_000, maxMs: 60 * 60_000, maxAttempts: 10 };

/** The wait before attempt `attempt + 1`, after attempt `attempt` (from 1) failed. */
export function retryDelayMs(attempt: number, backoff: Backoff): number {
  return Math.min(backoff.baseMs * 2 ** Math.max(0, attempt - 1), backoff.maxMs);
}

class FileChannelUnknown extends Error {
  constructor(name: string) {
    super(`channel "${name}" comes from ALERTS_FILE, and this instance's ALERTS_FILE does not hold it`);
  }
}

export interface WorkerOptions {
  db: Db;
  /** ALERTS_SECRET_KEY's bytes */
  key: Buffer | null;
  /** ALERTS_FILE's channels: their secrets, resolved from this process's environment, by channel id */
  fileSecrets?: ReadonlyMap<string, Record<string, string> | null>;
  now?: () => number;
  /** how often it looks for due deliveries when nobody kicks it */
  intervalMs?: number;
  /** how long a claimed delivery is held before another may take it */
  leaseMs?: number;
  batch?: number;
  backoff?: Backoff;
  send?: typeof sendAlert;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface DeliveryWorker {
  /** sends what is due now (and waits for it); the number of deliveries attempted */
  runOnce(): Promise<number>;
  /** asks for a round soon (after an event was decided) */
  kick(): void;
  stop(): Promise<void>;
}

export function startDeliveryWorker(options: WorkerOptions, autostart = true): DeliveryWorker {
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? 5_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batch = options.batch ?? 20;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const send = options.send ?? sendAlert;
  const log = options.log ?? (() => {});
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | null = null;
  let again = false;

  /** A file channel's secret is in memory only; an instance whose ALERTS_FILE lacks it leaves it to the others. */
  function fileSecret(id: string, name: string): Record<string, string> | null {
    const secret = options.fileSecrets?.get(id);
    if (secret === undefined) throw new FileChannelUnknown(name);
    return secret;
  }

  async function deliver(claimed: Awaited<ReturnType<typeof claimDue>>[number]): Promise<void> {
    const { db } = options;
    const channel = await channelById(db, claimed.channelId);
    let outcome: SendOutcome;
    if (!channel) outcome = { ok: false, retry: false, error: "the channel was deleted" };
    else {
      try {
        const secret = isFileRowId(channel.id)
          ? fileSecret(channel.id, channel.name)
          : channel.secret
            ? (JSON.parse(openSecret(options.key, channel.secret)) as Record<string, string>)
            : null;
        outcome = await send(
          { kind: channel.kind as ChannelKind, settings: channel.settings, secret },
          {
            id: claimed.eventId,
            kind: claimed.kind,
            subject: claimed.subject,
            message: claimed.message as AlertMessage,
            decidedAt: claimed.decidedAt,
          },
        );
      } catch (error) {
        outcome = { ok: false, retry: error instanceof FileChannelUnknown, error: (error as Error).message };
      }
    }
    const at = new Date(now());
    if (outcome.ok) {
      await markSent(db, claimed.eventId, claimed.channelId, at);
      log("alert_sent", { event: claimed.eventId, channel: claimed.channelId, attempt: claimed.attempt });
    } else if (!outcome.retry && channel) {
      await markBroken(db, claimed.eventId, claimed.channelId, outcome.error, at);
      log("alert_channel_broken", { channel: claimed.channelId, error: outcome.error });
    } else {
      const retryAt =
        outcome.retry && claimed.attempt < backoff.maxAttempts
          ? new Date(at.getTime() + retryDelayMs(claimed.attempt, backoff))
          : null;
      await markFailed(db, claimed.eventId, claimed.channelId, outcome.error, retryAt);
      log("alert_failed", { channel: claimed.channelId, attempt: claimed.attempt, error: outcome.error, retryAt });
    }
  }

  async function round(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const start = now();
      const due = await claimDue(options.db, new Date(start), new Date(start + leaseMs), batch);
      if (due.length === 0) return attempted;
      await Promise.all(due.map((claimed) => deliver(claimed)));
      attempted += due.length;
      if (due.length < batch) return attempted;
    }
  }

  function schedule(ms: number) {
    if (stopped || !autostart) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  }

  async function tick(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = round().catch((error) => {
      log("alert_worker_failed", { error: (error as Error).message });
      return 0;
    });
    const attempted = await running;
    running = null;
    if (again) {
      again = false;
      schedule(0);
    } else schedule(intervalMs);
    return attempted;
  }

  schedule(0);

  return {
    runOnce: async () => {
      if (running) await running;
      return tick();
    },
    kick: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
