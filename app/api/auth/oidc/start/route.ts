import { overHttps, redirectWithCookies, setCookie } from "@/lib/auth/http";
import { beginSignIn, FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_TTL_SECONDS, OidcError } from "@/lib/auth/oidc.server";
import { safeReturnPath } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { seeOther } from "@/lib/http/redirect";
import { logger } from "@/lib/observability/logger";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * Company sign-in, first leg: off to the identity provider, remembering the flow in a cookie. With
 * `silent=1` (the proxy's recheck of a session grown old) the provider must answer without asking.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  const env = getEnv();
  if (!env.oidcEnabled || !env.SESSION_SECRET) return redirectWithCookies("/sign-in");
  const params = new URL(request.url).searchParams;
  const next = params.get("next");
  try {
    const { location, flowCookie } = await beginSignIn(env, request, next, Date.now(), {
      silent: params.get("silent") === "1",
    });
    const cookie = setCookie(FLOW_COOKIE, flowCookie, FLOW_COOKIE_PATH, FLOW_TTL_SECONDS, overHttps(request));
    return seeOther(location, { "set-cookie": cookie, "cache-control": "no-store" });
  } catch (error) {
    if (!(error instanceof OidcError)) throw error;
    logger().warn({ event: "oidc_sign_in_failed", failure: error.failure, detail: error.detail });
    return redirectWithCookies(`/sign-in?error=${error.failure}&next=${encodeURIComponent(safeReturnPath(next))}`);
  }
});
