import { alertRoute } from "@/lib/alerts/route.server";
import { listChanges, listDeliveries } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

/** `GET /api/alerts/history`: the latest deliveries (sent, pending with their next attempt, failed with why) and changes. */
export const GET = alertRoute(async (scope) => ({
  deliveries: await listDeliveries(scope),
  changes: await listChanges(scope),
}));
