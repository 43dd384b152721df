/**
 * The process's alert delivery worker, started beside the collector once the store is open, kept on
 * globalThis like the collector. Every instance runs one: claiming deliveries is safe between them.
 */
import { getEnv, secretKeyBytes } from "../env";
import { logger } from "../observability/logger";
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
  slot[KEY] ??= startDeliveryWorker({ db: store.db, key: alertsKey(), log });
  return slot[KEY];
}

/** Asks the worker to look now (an event was just decided, or a test was asked for). */
export function kickAlertWorker(): void {
  (globalThis as Slot)[KEY]?.kick();
}
