/**
 * Keyset pagination over a newest-first list: at most PAGE_SIZE jobs, "next" continues with older
 * jobs, "prev" goes back to newer ones. Positions survive new jobs arriving at the top of the list.
 */
import type { PageCursor } from "./cursor";

export const PAGE_SIZE = 100;

interface Keyed {
  createdAt: number;
  id: string;
}

/** True when `a` sorts after (is older than) the position `b` in a newest-first list. */
function olderThan(a: Keyed, b: Keyed): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}

export interface Page<T extends Keyed> {
  items: T[];
  next: PageCursor | null;
  prev: PageCursor | null;
}

export function paginate<T extends Keyed>(sorted: readonly T[], cursor: PageCursor | null, size = PAGE_SIZE): Page<T> {
  let start: number;
  let end: number;
  if (!cursor) {
    start = 0;
    end = Math.min(size, sorted.length);
  } else if (cursor.direction === "next") {
    start = sorted.findIndex((item) => olderThan(item, cursor));
    if (start === -1) start = sorted.length;
    end = Math.min(start + size, sorted.length);
  } else {
    end = sorted.findIndex((item) => !olderThan(cursor, item));
    if (end === -1) end = sorted.length;
    start = Math.max(0, end - size);
  }
  const items = sorted.slice(start, end);
  const first = items[0];
  const last = items[items.length - 1];
  // An empty page past either end still links back to where the client came from.
  const prevAnchor = first ?? (cursor && start > 0 ? cursor : null);
  const nextAnchor = last ?? (cursor && end < sorted.length ? cursor : null);
  return {
    items,
    prev: start > 0 && prevAnchor ? { createdAt: prevAnchor.createdAt, id: prevAnchor.id, direction: "prev" } : null,
    next:
      end < sorted.length && nextAnchor
        ? { createdAt: nextAnchor.createdAt, id: nextAnchor.id, direction: "next" }
        : null,
  };
}
