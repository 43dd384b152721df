import { audit } from "@/lib/audit/record.server";
import { accessOf } from "@/lib/auth/access";
import { clearCookie, overHttps, readCookie, redirectWithCookies, setCookie } from "@/lib/auth/http";
import { FLOW_COOKIE, FLOW_COOKIE_PATH, finishSignIn, OidcError } from "@/lib/auth/oidc.server";
import { createSessionToken, SESSION_COOKIE, SESSION_TTL_SECONDS } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/**
 * Company sign-in, second leg: the identity provider sends the browser back with a code. A session
 * starts only when the code, the state, the nonce and the ID token all check out.
 */
export const GET = observed(async (request: Request): Promise<Response> => {
  const env = getEnv();
  if (!env.oidcEnabled || !env.SESSION_SECRET) return redirectWithCookies("/sign-in");
  const done = clearCookie(FLOW_COOKIE, FLOW_COOKIE_PATH);
  try {
    const identity = await finishSignIn(env, request, readCookie(request, FLOW_COOKIE));
    // Vouched for by the provider, but in none of the groups OIDC_GROUP_ROLES lets in (or no longer).
    if (!accessOf({ user: identity.user, via: "oidc", groups: identity.groups }, env.access)) {
      logger().warn({ event: "oidc_sign_in_refused", user: identity.user, reason: "no mapped group" });
      await audit({
        actor: identity.user,
        action: "sign_in_failed",
        account: null,
        target: "company sign-in",
        detail: identity.renewed
          ? "session ended: no longer in any of the groups OIDC_GROUP_ROLES lets in"
          : "in none of the groups OIDC_GROUP_ROLES lets in",
      });
      return redirectWithCookies("/sign-in?error=no-access", [done, clearCookie(SESSION_COOKIE, "/")]);
    }
    const session = createSessionToken(identity.user, env.SESSION_SECRET, Date.now(), {
      via: "oidc",
      groups: identity.groups,
    });
    if (identity.renewed) {
      // A silent recheck, every OIDC_RECHECK_SECONDS of use: logged, but no new sign-in to audit.
      logger().info({ event: "oidc_session_renewed", user: identity.user, groups: identity.groups.length });
    } else {
      logger().info({ event: "oidc_signed_in", user: identity.user, groups: identity.groups.length });
      await audit({ actor: identity.user, action: "sign_in", account: null, target: "company sign-in", detail: "" });
    }
    return redirectWithCookies(identity.next, [
      done,
      setCookie(SESSION_COOKIE, session, "/", SESSION_TTL_SECONDS, overHttps(request)),
    ]);
  } catch (error) {
    if (!(error instanceof OidcError)) throw error;
    metrics().signInFailures.inc();
    logger().warn({ event: "oidc_sign_in_failed", failure: error.failure, detail: error.detail });
    await audit({
      actor: "unknown",
      action: "sign_in_failed",
      account: null,
      target: "company sign-in",
      detail: `${error.failure}: ${error.detail}`.slice(0, 300),
    });
    // A session the provider no longer vouches for ends here, whatever else went wrong.
    const ended = error.failure === "oidc-ended" ? [clearCookie(SESSION_COOKIE, "/")] : [];
    return redirectWithCookies(`/sign-in?error=${error.failure}`, [done, ...ended]);
  }
});
