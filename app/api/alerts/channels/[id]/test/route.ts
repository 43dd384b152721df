import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, testChannel } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** `POST /api/alerts/channels/{id}/test`: 202; a test message goes out through the outbox and shows in the history. */
export const POST = alertRoute(
  async (scope, request, context: Context) => testChannel(scope, (await context.params).id, actorOf(request)),
  202,
);
