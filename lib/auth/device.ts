/**
 * The device cookie: a browser that signed in as a name once carries `<payload>.<HMAC>`, payload
 * `{ u, d }` (the name and a random id), signed like the session. It only travels to the sign-in
 * routes (Path=/api/auth) and outlives sessions and sign-outs, so that failed tries by others never
 * hold back a browser the team already uses (see sign-in-guard.ts).
 */
import { randomBytes } from "node:crypto";
import { signToken, verifyToken } from "./session";

export const DEVICE_COOKIE = "bj_device";
/** Chrome caps cookie lifetimes at 400 days. */
export const DEVICE_TTL_SECONDS = 400 * 24 * 60 * 60;

export function createDeviceToken(user: string, secret: string): string {
  return signToken({ u: user, d: randomBytes(12).toString("base64url") }, secret);
}

/** The device id when the token is genuine and was issued to this name, else undefined. */
export function readDeviceToken(token: string | undefined, user: string, secret: string): string | undefined {
  const data = verifyToken(token, secret);
  return data && data.u === user && typeof data.d === "string" && data.d ? data.d : undefined;
}
