/**
 * `page[cursor]` values. Klaviyo's are URL-safe base64 of a small JSON array (its docs show one that
 * decodes to `[1640995200, "3c4cywFNwZw", true]`); ours have the same look and carry a keyset
 * position (created_at, id) plus a direction, so pages stay stable while new jobs arrive. Clients
 * must treat them as opaque; anything that does not decode exactly is "Invalid cursor provided.".
 */
import { ULID_PATTERN } from "@/lib/klaviyo-simulator/world/ids";

export interface PageCursor {
  createdAt: number;
  id: string;
  /** "next" lists jobs older than the position, "prev" jobs newer than it */
  direction: "next" | "prev";
}

// btoa/atob rather than Buffer, so the handler also runs where Node's globals are missing (edge runtimes).
function toBase64Url(text: string): string {
  const binary = String.fromCharCode(...new TextEncoder().encode(text));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(value: string): string | null {
  try {
    const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeCursor(cursor: PageCursor): string {
  return toBase64Url(JSON.stringify([cursor.createdAt, cursor.id, cursor.direction === "next"]));
}

export function decodeCursor(value: string): PageCursor | null {
  if (!/^[A-Za-z0-9_-]{8,200}$/.test(value)) return null;
  const text = fromBase64Url(value);
  // Base64 decoders ignore stray trailing bits; only a value that re-encodes to itself is one we issued.
  if (text === null || toBase64Url(text) !== value) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [createdAt, id, forward] = parsed as unknown[];
  if (typeof createdAt !== "number" || !Number.isSafeInteger(createdAt) || createdAt < 0) return null;
  if (typeof id !== "string" || !ULID_PATTERN.test(id) || typeof forward !== "boolean") return null;
  return { createdAt, id, direction: forward ? "next" : "prev" };
}
