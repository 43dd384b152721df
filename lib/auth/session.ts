/**
 * Signed session cookies: `<payload b64url>.<HMAC-SHA256 b64url>`, payload `{ u, exp, at }`. Stateless,
 * so every instance that shares SESSION_SECRET accepts the same sessions.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "bj_session";
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface Session {
  user: string;
  expiresAt: number;
  /** "oidc" when the identity provider vouched for the user; absent for local passwords */
  via?: "oidc";
  /** the user's groups at the identity provider, as its ID token listed them */
  groups?: string[];
  /** when the session began or was last confirmed by the identity provider (ms since the epoch) */
  issuedAt?: number;
}

export interface SessionExtras {
  via?: "oidc";
  groups?: string[];
}

function sign(data: string, secret: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

/** `<payload b64url>.<HMAC b64url>` for a JSON object. */
export function signToken(data: Record<string, unknown>, secret: string): string {
  const payload = Buffer.from(JSON.stringify(data)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

/** The signed object, or null when the token is missing, malformed or signed with another secret. */
export function verifyToken(token: string | undefined, secret: string): Record<string, unknown> | null {
  if (!token) return null;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createSessionToken(user: string, secret: string, now = Date.now(), extras: SessionExtras = {}): string {
  const data: Record<string, unknown> = { u: user, exp: now + SESSION_TTL_SECONDS * 1000, at: now };
  if (extras.via) data.via = extras.via;
  if (extras.groups?.length) data.g = extras.groups;
  return signToken(data, secret);
}

export function readSessionToken(token: string | undefined, secret: string, now = Date.now()): Session | null {
  const data = verifyToken(token, secret);
  if (!data || typeof data.u !== "string" || typeof data.exp !== "number" || data.exp <= now) return null;
  const session: Session = { user: data.u, expiresAt: data.exp };
  if (data.via === "oidc") session.via = "oidc";
  if (Array.isArray(data.g)) session.groups = data.g.filter((group): group is string => typeof group === "string");
  if (typeof data.at === "number") session.issuedAt = data.at;
  return session;
}

/** Only same-site paths may follow a sign-in, so the form cannot be used to bounce users elsewhere. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return "/jobs";
  if (value.startsWith("/sign-in") || value.startsWith("/api/auth")) return "/jobs";
  return value;
}
