/**
 * `Authorization: Klaviyo-API-Key pk_…` (docs/klaviyo.md#authentication). Private keys start with `pk_`; the exact
 * length is not documented, so any `pk_` key of plausible characters counts as well-formed. As in
 * Django REST framework, which Klaviyo's bodies echo: no credentials in our scheme is "not
 * authenticated", credentials that do not check out are "authentication failed".
 */

export type AuthResult = { ok: true; key: string } | { ok: false; reason: "missing" | "malformed" | "rejected" };

const SCHEME = /^Klaviyo-API-Key(?:[ \t]+(.*))?$/i;
const KEY = /^pk_[A-Za-z0-9_-]{6,128}$/;

export function authenticate(header: string | null, requiredKey?: string): AuthResult {
  const scheme = header === null ? null : SCHEME.exec(header.trim());
  if (!scheme) return { ok: false, reason: "missing" };
  const key = (scheme[1] ?? "").trim();
  if (!KEY.test(key)) return { ok: false, reason: "malformed" };
  if (requiredKey !== undefined && key !== requiredKey) return { ok: false, reason: "rejected" };
  return { ok: true, key };
}
