/**
 * The `revision` header (docs/klaviyo.md#revisions). Klaviyo supports a revision for two years after its release;
 * a request naming a retired one is served by the oldest revision still supported ("fall-forward"),
 * unless `X-Klaviyo-Revision-Fall-Forward-Opt-Out: 1` asks for a 410 instead. Which revisions are
 * retired follows the simulator's clock, as it would follow the calendar.
 */

/** Stable revisions in the spec snapshot, plus 2026-10-15, which Klaviyo's docs show as GA. */
export const STABLE_REVISIONS = [
  "2022-10-17",
  "2023-01-24",
  "2023-02-22",
  "2023-06-15",
  "2023-07-15",
  "2023-08-15",
  "2023-09-15",
  "2023-10-15",
  "2023-12-15",
  "2024-02-15",
  "2024-05-15",
  "2024-06-15",
  "2024-07-15",
  "2024-10-15",
  "2025-01-15",
  "2025-04-15",
  "2025-07-15",
  "2025-10-15",
  "2026-01-15",
  "2026-04-15",
  "2026-07-15",
  "2026-10-15",
] as const;

export const BETA_REVISIONS = [
  "2023-08-15.pre",
  "2025-01-15.pre",
  "2025-04-15.pre",
  "2025-07-15.pre",
  "2026-01-15.pre",
  "2026-04-15.pre",
  "2026-07-15.pre",
] as const;

const SUPPORT_YEARS = 2;
const FORMAT = /^(\d{4})-(\d{2})-(\d{2})(\.[a-z]+)?$/;

export type RevisionResult =
  | { ok: true; requested: string; served: string; fellForward: boolean }
  | { ok: false; status: 400 | 410; detail: string };

function releaseTime(revision: string): number {
  return Date.parse(`${revision.slice(0, 10)}T00:00:00Z`);
}

function retiresAt(revision: string): number {
  const released = new Date(releaseTime(revision));
  released.setUTCFullYear(released.getUTCFullYear() + SUPPORT_YEARS);
  return released.getTime();
}

export function oldestSupportedRevision(now: number): string {
  return (
    STABLE_REVISIONS.find((revision) => retiresAt(revision) > now) ?? STABLE_REVISIONS[STABLE_REVISIONS.length - 1]!
  );
}

export function resolveRevision(header: string | null, optOut: boolean, now: number): RevisionResult {
  if (header === null || header.trim() === "") {
    return { ok: false, status: 400, detail: "The 'revision' header is required. Use the format YYYY-MM-DD[.suffix]." };
  }
  const value = header.trim();
  const match = FORMAT.exec(value);
  if (
    !match ||
    Number.isNaN(releaseTime(value)) ||
    new Date(releaseTime(value)).toISOString().slice(0, 10) !== value.slice(0, 10)
  ) {
    return {
      ok: false,
      status: 400,
      detail: `'${value}' is not a valid revision. Use the format YYYY-MM-DD[.suffix].`,
    };
  }
  const known =
    (STABLE_REVISIONS as readonly string[]).includes(value) || (BETA_REVISIONS as readonly string[]).includes(value);
  if (!known) return { ok: false, status: 400, detail: `'${value}' is not a valid revision.` };
  if (retiresAt(value) > now) return { ok: true, requested: value, served: value, fellForward: false };
  if (optOut) {
    return {
      ok: false,
      status: 410,
      detail: `Revision ${value} is no longer supported. Upgrade to a supported revision.`,
    };
  }
  return { ok: true, requested: value, served: oldestSupportedRevision(now), fellForward: true };
}

/** Shape differences between the revisions a request can still be served as (docs/klaviyo.md#response-shapes). */
export interface RevisionFeatures {
  /** get-one documents carry top-level `links.self` from 2026-01-15 */
  getOneSelfLink: boolean;
  /** `id` is an accepted `fields[…-job]` value from 2026-04-15 */
  idInFields: boolean;
}

export function revisionFeatures(served: string): RevisionFeatures {
  const date = served.slice(0, 10);
  return { getOneSelfLink: date >= "2026-01-15", idInFields: date >= "2026-04-15" };
}
