/**
 * The process's alert delivery worker, started beside the collector once the store is open, kept on
 * globalThis like the collector. Every instance runs one: claiming deliveries is safe between them.
 */
import { getEnv, secretKeyBytes } from "../env";
import { logger } from "../observability/logger";
import { claimUnownedAlerts } from "../store/alert-accounts";
import { syncAlertsFile } from "../store/alert-file-sync";
import type { Store } from "../store/open";
import { type DeliveryWorker, startDeliveryWorker } from "./worker.server";

const KEY = Symbol.for("bulk-jobs-dashboard.alert-worker");
type Slot = { [KEY]?: DeliveryWorker };

/** ALERTS_SECRET_KEY as bytes, or null when it is unset. */
export function alertsKey(): Buffer | null {
  const value = getEnv().ALERTS_SECRET_KEY;
  return value ? secretKeyBytes(value) : null;
}

function log(event: string, fields: Record<string, unknown>): void {
  if (event === "alert_sent") logger().info({ event, ...fields });
  else logger().warn({ event, ...fields });
}

/** The worker, or null with ALERTS_DELIVERY=off (this instance decides; others send from the outbox). */
export function startAlertWorker(store: Store): DeliveryWorker | null {
  if (getEnv().ALERTS_DELIVERY === "off") return null;
  const slot = globalThis as Slot;
  const fileChannels = getEnv().alertsFile?.channels ?? [];
  const fileSecrets = new Map(fileChannels.map((channel) => [channel.id, channel.secret]));
  slot[KEY] ??= startDeliveryWorker({ db: store.db, key: alertsKey(), fileSecrets, log });
  return slot[KEY];
}

/**
 * Gives rows from before accounts to the default account, then writes ALERTS_FILE's channels and
 * rules into the store (and removes those it no longer holds), before the collector's first pass
 * evaluates rules. A store that refuses is logged: the rows come right at the next start, and the
 * page's own rules keep working meanwhile.
 */
export async function syncAlertsFileAtStart(store: Store): Promise<void> {
  try {
    const env = getEnv();
    const claimed = await claimUnownedAlerts(store.db, env.accounts[0]!.storeId);
    if (claimed > 0) logger().info({ event: "alerts_claimed", account: env.accounts[0]!.name, rows: claimed });
    const result = await syncAlertsFile(store.db, env.alertsFile);
    if (result.created.length + result.updated.length + result.deleted.length > 0) {
      logger().info({ event: "alerts_file_synced", ...result });
    }
  } catch (error) {
    logger().error({ event: "alerts_file_sync_failed", error: (error as Error).message });
  }
}

/** Asks the worker to look now (an event was just decided, or a test was asked for). */
export function kickAlertWorker(): void {
  (globalThis as Slot)[KEY]?.kick();
}
