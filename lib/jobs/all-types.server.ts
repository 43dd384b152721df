import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * The job lists read from the job history: every type at once (`/jobs?type=all`), several, or one
 * with a filter Klaviyo lacks (lib/jobs/history-filter). Klaviyo lists each type on its own and
 * filters by status only; the history holds them all. Pages are keyset pages with an opaque cursor
 * naming the row a page starts after or before, and the order it belongs to.
 */
import { ApiError } from "@/lib/http/errors";
import { type HistoryBoundary, type HistoryViewQuery, listHistoryView } from "@/lib/store/history-views";
import { getMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import type { HistoryJobPage, Job } from "@/lib/types";
import { HISTORY_ORDERS, type HistoryOrder, parseHistoryFilter, typesOf } from "./history-filter";
import { isJobId, type ListQuery } from "./list-params";

export const ALL_TYPES_PAGE_SIZE = 100;

type After = { createdAt: string; id: string };

export function encodeHistoryCursor(job: After): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id])).toString("base64url");
}

/** The job a cursor names, or null when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): After | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== "string" || typeof id !== "string") return null;
    if (Number.isNaN(Date.parse(createdAt)) || !isJobId(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

const CURSOR_TAG = "h2";

/**
 * A page cursor of a history list: the row the page starts after (`next`) or before (`prev`), with
 * the order it belongs to and every key that order sorts by. Opaque to the browser.
 */
export function encodeListCursor(order: HistoryOrder, boundary: HistoryBoundary): string {
  const { dir, createdAt, id, failedCount, totalCount } = boundary;
  return Buffer.from(JSON.stringify([CURSOR_TAG, order, dir, createdAt, id, failedCount, totalCount])).toString(
    "base64url",
  );
}

export type CursorReading = { boundary: HistoryBoundary } | { ignored: "other-order" | "unknown" };

const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * What a cursor says for a list in `order`: its boundary, or why it is ignored (another order's, a
 * stale or damaged one, one of Klaviyo's from an old bookmark). An ignored cursor opens the first page.
 */
export function readListCursor(cursor: string, order: HistoryOrder): CursorReading {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return { ignored: "unknown" };
  }
  if (!Array.isArray(value) || value.length !== 7 || value[0] !== CURSOR_TAG) {
    // The first version's cursor (newest first, after a row) still reads in that order.
    const legacy = decodeHistoryCursor(cursor);
    if (!legacy) return { ignored: "unknown" };
    if (order !== "newest") return { ignored: "other-order" };
    return { boundary: { dir: "next", ...legacy, failedCount: 0, totalCount: 0 } };
  }
  const [, cursorOrder, dir, createdAt, id, failedCount, totalCount] = value as unknown[];
  if (
    (dir !== "next" && dir !== "prev") ||
    typeof createdAt !== "string" ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof id !== "string" ||
    !isJobId(id) ||
    !count(failedCount) ||
    !count(totalCount) ||
    !(HISTORY_ORDERS as readonly unknown[]).includes(cursorOrder)
  ) {
    return { ignored: "unknown" };
  }
  if (cursorOrder !== order) return { ignored: "other-order" };
  return { boundary: { dir, createdAt, id, failedCount, totalCount } };
}

const IGNORED_NOTES: Record<"other-order" | "unknown", string> = {
  "other-order": "The page link was made for another order of this list, so the first page is shown.",
  unknown: "The page link is out of date or not one of this list's, so the first page is shown.",
};

/** A history list's query, parsed: what the store is asked, and whether the cursor was ignored. */
export function historyViewQuery(
  query: ListQuery,
  account: string,
  limit = ALL_TYPES_PAGE_SIZE,
): { view: HistoryViewQuery; note: string | null } {
  const parsed = parseHistoryFilter(query);
  // The route handler and the page refuse bad filters before this; a caller that did not is told.
  if (!parsed.ok) throw new ApiError("bad_request", `${parsed.param}: ${parsed.message}`);
  const { filter } = parsed;
  const types = typesOf(query.type);
  if (!types) throw new ApiError("bad_request", "type: not a job type");
  const reading = query.cursor === undefined ? null : readListCursor(query.cursor, filter.order);
  const view: HistoryViewQuery = {
    account,
    types,
    status: query.status,
    from: filter.fromMs === undefined ? undefined : new Date(filter.fromMs),
    to: filter.toMs === undefined ? undefined : new Date(filter.toMs),
    failed: filter.failed,
    minRate: filter.minRate,
    order: filter.order,
    boundary: reading && "boundary" in reading ? reading.boundary : undefined,
    limit,
  };
  return { view, note: reading && "ignored" in reading ? IGNORED_NOTES[reading.ignored] : null };
}

const boundaryOf = (job: Job, dir: HistoryBoundary["dir"]): HistoryBoundary => ({
  dir,
  createdAt: job.createdAt,
  id: job.id,
  failedCount: job.failedCount,
  totalCount: job.totalCount,
});

/**
 * One page of a list read from the job history: every type (`type=all`), several, or one type with a
 * filter Klaviyo has not (dates, failures, an order other than newest first). Previous and next
 * cursors both ways; a cursor that is not this list's opens the first page, with a note.
 */
export async function listFromHistory(
  query: ListQuery,
  options: { store?: Store | null; account?: string; now?: () => Date } = {},
): Promise<HistoryJobPage> {
  const account = options.account ?? (await currentStoreAccount());
  const { view, note } = historyViewQuery(query, account);
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) throw new ApiError("store_unavailable", "The job history is not available yet: try again in a moment.");
  try {
    const [page, asOf, since] = await Promise.all([
      listHistoryView(store.db, view),
      getMeta<string>(store.db, `last_pass:${account}`),
      getMeta<string>(store.db, `history_since:${account}`),
    ]);
    const first = page.jobs[0];
    const last = page.jobs.at(-1);
    const backwards = view.boundary?.dir === "prev";
    // Read forwards, rows before exist when the page started after one; read backwards, rows after do.
    const hasNext = backwards ? true : page.more;
    const hasPrev = backwards ? page.more : view.boundary !== undefined;
    return {
      type: query.type,
      status: query.status ?? null,
      jobs: page.jobs,
      nextCursor: hasNext && last ? encodeListCursor(view.order, boundaryOf(last, "next")) : null,
      prevCursor: hasPrev && first ? encodeListCursor(view.order, boundaryOf(first, "prev")) : null,
      fetchedAt: (options.now?.() ?? new Date()).toISOString(),
      history: { asOf, since },
      order: view.order,
      note,
    };
  } catch {
    // The store's own words may name hosts or paths: the answer says only what it means.
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}
