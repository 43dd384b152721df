/** Deterministic identifiers shaped like Klaviyo's: ULID job ids and UUID error ids. */
import type { Rng } from "./prng";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A ULID (26 Crockford base32 characters: 48-bit millisecond time, then 80 random bits) like the
 * `01GSQPBF74KQ5YTDEPP41T1BZH` in Klaviyo's examples. The time prefix makes ids sort by creation.
 */
export function ulid(timeMs: number, rng: Rng): string {
  let time = Math.max(0, Math.floor(timeMs));
  let prefix = "";
  for (let i = 0; i < 10; i++) {
    prefix = CROCKFORD[time % 32] + prefix;
    time = Math.floor(time / 32);
  }
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[Math.floor(rng() * 32)];
  return prefix + random;
}

export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** A version-4-shaped UUID drawn from `rng` (Klaviyo's error ids look like this). */
export function uuid(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rng() * 4)] as string;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
