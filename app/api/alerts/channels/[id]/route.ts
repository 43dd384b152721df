import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, getChannelView, readJsonBody, removeChannel, replaceChannel } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** `GET /api/alerts/channels/{id}`: one channel, its secrets masked. */
export const GET = alertRoute(async (scope, _request, context: Context) =>
  getChannelView(scope, (await context.params).id),
);

/** `PUT /api/alerts/channels/{id}` with the whole channel as JSON, secrets included; a broken channel is ok again. */
export const PUT = alertRoute(async (scope, request, context: Context) =>
  replaceChannel(scope, (await context.params).id, await readJsonBody(request), actorOf(request)),
);

/** `DELETE /api/alerts/channels/{id}`: 204; refused while a rule uses it. */
export const DELETE = alertRoute(async (scope, request, context: Context) => {
  await removeChannel(scope, (await context.params).id, actorOf(request));
});
