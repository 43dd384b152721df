import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, createChannel, listChannelViews, readJsonBody, secretKeyProblem } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

/** `GET /api/alerts/channels`: the account's channels, secrets masked, and why secrets cannot be saved (if so). */
export const GET = alertRoute(async (scope) => ({
  channels: await listChannelViews(scope),
  secretKeyProblem: secretKeyProblem(),
}));

/** `POST /api/alerts/channels` with a channel as JSON: creates it, its secrets sealed. */
export const POST = alertRoute(
  async (scope, request) => createChannel(scope, await readJsonBody(request), actorOf(request)),
  201,
);
