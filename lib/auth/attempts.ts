/**
 * Failed sign-ins are limited per client IP and per user name, so passwords cannot be guessed
 * quickly; a successful sign-in clears the user's count.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

const byIp = new RateLimiterMemory({ keyPrefix: "signin-ip", points: 20, duration: 15 * 60 });
const byUser = new RateLimiterMemory({ keyPrefix: "signin-user", points: 5, duration: 15 * 60 });

/** Seconds to wait before another try, or 0 when a try is allowed. */
export async function signInBlockedFor(ip: string, user: string): Promise<number> {
  const [ipState, userState] = await Promise.all([byIp.get(ip), byUser.get(user)]);
  const blocked = [ipState, userState].filter(
    (s, i): s is RateLimiterRes => s !== null && s.consumedPoints >= (i === 0 ? 20 : 5),
  );
  return blocked.length ? Math.max(...blocked.map((s) => Math.ceil(s.msBeforeNext / 1000))) : 0;
}

export async function recordFailure(ip: string, user: string): Promise<void> {
  await Promise.all([byIp.penalty(ip, 1), byUser.penalty(user, 1)]);
}

export async function recordSuccess(user: string): Promise<void> {
  await byUser.delete(user);
}
