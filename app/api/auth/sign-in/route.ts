import { recordFailure, recordSuccess, signInBlockedFor } from "@/lib/auth/attempts";
import { parseUsers, sameSecret, verifyPassword } from "@/lib/auth/password";
import { createSessionToken, SESSION_COOKIE, SESSION_TTL_SECONDS, safeReturnPath } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { seeOther } from "@/lib/http/redirect";

export const dynamic = "force-dynamic";
const SHARED_USER = "team";

function clientIp(request: Request): string {
  // Behind a reverse proxy the first X-Forwarded-For entry is the client; on loopback there is none.
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "local";
}

/** A relative 303 (see lib/http/redirect.ts) that is never cached, with the session cookie when given. */
function redirect(path: string, cookie?: string): Response {
  const headers = new Headers({ "cache-control": "no-store" });
  if (cookie) headers.append("set-cookie", cookie);
  return seeOther(path, headers);
}

export async function POST(request: Request): Promise<Response> {
  const env = getEnv();
  if (!env.authEnabled || !env.SESSION_SECRET) return redirect("/jobs");
  const form = await request.formData().catch(() => null);
  const next = safeReturnPath(form?.get("next"));
  const password = String(form?.get("password") ?? "");
  const user = env.DASHBOARD_USERS ? String(form?.get("user") ?? "").trim() : SHARED_USER;
  const back = `/sign-in?next=${encodeURIComponent(next)}`;
  const ip = clientIp(request);

  if (await signInBlockedFor(ip, user)) return redirect(`${back}&error=throttled`);

  let ok = false;
  if (env.DASHBOARD_USERS) {
    const hash = parseUsers(env.DASHBOARD_USERS).get(user);
    ok = hash ? await verifyPassword(password, hash) : false;
  } else if (env.DASHBOARD_PASSWORD) {
    ok = sameSecret(password, env.DASHBOARD_PASSWORD);
  }
  if (!ok) {
    await recordFailure(ip, user);
    return redirect(`${back}&error=invalid`);
  }
  await recordSuccess(user);
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const cookie = [
    `${SESSION_COOKIE}=${createSessionToken(user, env.SESSION_SECRET)}`,
    "Path=/",
    "HttpOnly",
    // Lax, not Strict: a job link pasted in chat must open signed in.
    "SameSite=Lax",
    `Max-Age=${SESSION_TTL_SECONDS}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
  return redirect(next, cookie);
}
