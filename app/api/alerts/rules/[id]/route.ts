import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, getRuleView, readJsonBody, removeRule, replaceRule } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** `GET /api/alerts/rules/{id}`: one rule. */
export const GET = alertRoute(async (scope, _request, context: Context) =>
  getRuleView(scope, (await context.params).id),
);

/** `PUT /api/alerts/rules/{id}` with the whole rule as JSON (muting is `"muted": true`). */
export const PUT = alertRoute(async (scope, request, context: Context) =>
  replaceRule(scope, (await context.params).id, await readJsonBody(request), actorOf(request)),
);

/** `DELETE /api/alerts/rules/{id}`: 204. */
export const DELETE = alertRoute(async (scope, request, context: Context) => {
  await removeRule(scope, (await context.params).id, actorOf(request));
});
