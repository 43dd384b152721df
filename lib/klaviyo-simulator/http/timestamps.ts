/**
 * Klaviyo writes timestamps the way Python's `isoformat()` does: `2022-11-08T00:00:00+00:00`, with a
 * six-digit fraction only when there is one. Emitting both forms keeps the client's parser honest.
 */
export function formatTimestamp(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2026-11-28T18:00:00.123Z
  const millis = iso.slice(20, 23);
  const base = iso.slice(0, 19);
  return millis === "000" ? `${base}+00:00` : `${base}.${millis}000+00:00`;
}
