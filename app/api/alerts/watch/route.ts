import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, readJsonBody, watch, watchState } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

/**
 * `POST /api/alerts/watch` with `{ "job": { "type", "id" } }` or `{ "run": { "from", "to" } }`: a
 * one-off rule telling every channel when that job or run finishes (201 with the rule).
 */
export const POST = alertRoute(
  async (scope, request) => watch(scope, await readJsonBody(request), actorOf(request)),
  201,
);

/** `GET /api/alerts/watch?job=<type>/<id>` or `?from=&to=`: `{ watching }`, a watch not fired yet. */
export const GET = alertRoute(async (scope, request) => watchState(scope, new URL(request.url).searchParams));
