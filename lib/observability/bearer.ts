import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Whether `Authorization: Bearer <token>` carries `expected`. Both sides are hashed first, so the
 * comparison takes the same time whatever the given token's length or first differing character.
 */
export function hasBearerToken(authorization: string | null, expected: string): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
  const given = match?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(expected)) && given.length > 0;
}
