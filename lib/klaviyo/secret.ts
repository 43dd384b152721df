/**
 * Helpers that keep the API key out of everything we emit. Pure so they can be unit tested.
 */
import { createHash } from "node:crypto";

/**
 * A stable, non-reversible handle for a key, for limiter and cache keys (Redis is shared
 * infrastructure: the raw key must never be written there). 16 hex chars = 64 bits, plenty to
 * keep accounts apart.
 */
export function keyFingerprint(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
}

/** Replace every occurrence of the secret(s) in `text` (belt and braces for log lines and messages). */
export function redact(
  text: string,
  secret: string | readonly (string | null | undefined)[] | null | undefined,
): string {
  if (Array.isArray(secret)) return secret.reduce<string>((out, one) => redact(out, one), text);
  if (typeof secret !== "string" || secret.length < 4) return text;
  return text.split(secret).join("[redacted]");
}
