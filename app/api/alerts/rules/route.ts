import { alertRoute } from "@/lib/alerts/route.server";
import { actorOf, createRule, listRuleViews, readJsonBody } from "@/lib/alerts/service.server";

export const dynamic = "force-dynamic";

/** `GET /api/alerts/rules`: the account's rules. */
export const GET = alertRoute(async (scope) => ({ rules: await listRuleViews(scope) }));

/** `POST /api/alerts/rules` with a rule as JSON: creates it (400 with the reason when it is not valid). */
export const POST = alertRoute(
  async (scope, request) => createRule(scope, await readJsonBody(request), actorOf(request)),
  201,
);
