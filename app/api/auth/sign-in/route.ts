import { audit } from "@/lib/audit/record.server";
import { createDeviceToken, DEVICE_COOKIE, DEVICE_TTL_SECONDS, readDeviceToken } from "@/lib/auth/device";
import { setCookie as cookie, overHttps, readCookie, redirectWithCookies as redirect } from "@/lib/auth/http";
import { sameSecret, verifyPassword } from "@/lib/auth/password";
import { createSessionToken, SESSION_COOKIE, SESSION_TTL_SECONDS, safeReturnPath } from "@/lib/auth/session";
import { type Attempt, signInGuard } from "@/lib/auth/sign-in-guard";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";
const SHARED_USER = "team";

/**
 * The first X-Forwarded-For entry: the client as a reverse proxy saw it (README, "Deploying
 * safely"). Without such a proxy a client may send any value; the guard is built to be safe then.
 */
function clientAddress(request: Request): string {
  const given = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip");
  return given ? given.slice(0, 64) : "unknown";
}

/** One JSON line per refusal, for whoever watches the logs; never the password. */
function logRefusal(attempt: Attempt, lane: string, retryAfterSeconds: number): void {
  metrics().signInThrottled.inc({ lane });
  logger().warn({
    event: "sign_in_throttled",
    lane,
    address: attempt.address,
    user: attempt.user,
    knownDevice: Boolean(attempt.device),
    retryAfterSeconds,
  });
}

export const POST = observed(async (request: Request): Promise<Response> => {
  const env = getEnv();
  if (!env.authEnabled || !env.SESSION_SECRET) return redirect("/jobs");
  // Only company sign-in is configured: there is no password to check.
  if (!env.DASHBOARD_USERS && !env.DASHBOARD_PASSWORD) return redirect("/sign-in");
  const form = await request.formData().catch(() => null);
  const next = safeReturnPath(form?.get("next"));
  const password = String(form?.get("password") ?? "");
  const user = env.DASHBOARD_USERS ? String(form?.get("user") ?? "").trim() : SHARED_USER;
  const back = `/sign-in?next=${encodeURIComponent(next)}`;
  const deviceToken = readCookie(request, DEVICE_COOKIE);
  const attempt: Attempt = {
    address: clientAddress(request),
    user,
    device: readDeviceToken(deviceToken, user, env.SESSION_SECRET),
  };

  const guard = signInGuard();
  const refusal = guard.begin(attempt);
  if (refusal) {
    logRefusal(attempt, refusal.lane, refusal.retryAfterSeconds);
    const error = refusal.lane === "overall" ? "busy" : "throttled";
    return redirect(`${back}&error=${error}&wait=${refusal.retryAfterSeconds}`);
  }

  let ok = false;
  if (env.DASHBOARD_USERS) {
    const hash = env.access.users?.get(user)?.hash;
    ok = hash ? await verifyPassword(password, hash) : false;
  } else if (env.DASHBOARD_PASSWORD) {
    ok = sameSecret(password, env.DASHBOARD_PASSWORD);
  }
  if (!ok) {
    metrics().signInFailures.inc();
    await audit({
      actor: user,
      action: "sign_in_failed",
      account: null,
      target: attempt.address,
      detail: "wrong password",
    });
    return redirect(`${back}&error=invalid`);
  }
  await audit({ actor: user, action: "sign_in", account: null, target: attempt.address, detail: "with a password" });

  guard.succeeded(attempt);
  const secure = overHttps(request);
  const cookies = [
    cookie(SESSION_COOKIE, createSessionToken(user, env.SESSION_SECRET), "/", SESSION_TTL_SECONDS, secure),
  ];
  if (!attempt.device) {
    const device = createDeviceToken(user, env.SESSION_SECRET);
    cookies.push(cookie(DEVICE_COOKIE, device, "/api/auth", DEVICE_TTL_SECONDS, secure));
  }
  return redirect(next, cookies);
});
