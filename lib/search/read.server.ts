import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * The search and a SKU's story, read from the job history (no Klaviyo call): each group of hits newest
 * first, a page at a time, every hit with the link that opens its job on the entry's error group.
 */
import { ApiError } from "@/lib/http/errors";
import { errorGroupHref, jobDetailPath, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import { getMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { entriesByKey, errorGroupsByWords, jobsByIdPrefix, type SearchAfter, type SearchHit } from "@/lib/store/search";
import { currentStore, withTimeout } from "@/lib/store/shared";
import { externalIdOf, normalKey } from "./entries";
import {
  encodeSearchCursor,
  groupsOf,
  type SearchCursor,
  type SearchGroup,
  type SearchPlan,
  type SearchRequest,
} from "./query";
import type { SearchAnswer, SearchGroupPage, SearchResult, SkuAnswer } from "./types";

export const SEARCH_PAGE_SIZE = 20;
export const SKU_PAGE_SIZE = 50;
/** hits per group in an export */
export const EXPORT_LIMIT = 1_000;
const TIMEOUT_MS = 8_000;

interface ReadOptions {
  store?: Store | null;
  account?: string;
  now?: () => Date;
}

/** The job page a hit opens: the error group of a failed entry, else the items the job went through. */
function hrefOf(hit: SearchHit, group: SearchGroup): string {
  if (group === "jobs") return jobDetailPath(hit.type, hit.jobId);
  if (hit.code !== null) return errorGroupHref(hit.type, hit.jobId, { code: hit.code, field: hit.field });
  return serializeJobDetailParams(jobDetailPath(hit.type, hit.jobId), { tab: "items" });
}

function toResult(hit: SearchHit, group: SearchGroup, now: Date): SearchResult {
  const held = hit.goneAt === null && (hit.expiresAt === null || Date.parse(hit.expiresAt) > now.getTime());
  return { ...hit, group, held, href: hrefOf(hit, group) };
}

async function storeOf(options: ReadOptions): Promise<{ store: Store; account: string }> {
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) throw new ApiError("store_unavailable", "The job history is not available yet: try again in a moment.");
  return { store, account: options.account ?? (await currentStoreAccount()) };
}

async function asked<T>(work: Promise<T>): Promise<T> {
  try {
    return await withTimeout(work, TIMEOUT_MS);
  } catch {
    // The store's own words may name hosts or paths: the answer says only what it means.
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}

function hitsOf(
  store: Store,
  account: string,
  plan: SearchPlan,
  group: SearchGroup,
  after: SearchAfter | undefined,
  limit: number,
) {
  const db = store.db;
  switch (group) {
    case "jobs":
      return jobsByIdPrefix(db, { account, prefix: plan.jobs!.prefix, after, limit });
    case "skus":
      return entriesByKey(db, { account, kind: "sku", key: plan.skus!.key, after, limit });
    case "codes":
      return entriesByKey(db, { account, kind: "error", key: plan.codes!.key, after, limit });
    case "words":
      return errorGroupsByWords(db, { account, words: plan.words!.words, after, limit });
  }
}

const cursorOf = (group: SearchGroup, hit: SearchHit): string =>
  encodeSearchCursor({ group, createdAt: hit.createdAt, type: hit.type, jobId: hit.jobId, n: hit.n });

async function groupPage(
  store: Store,
  account: string,
  plan: SearchPlan,
  group: SearchGroup,
  cursor: SearchCursor | null,
  size: number,
  now: Date,
): Promise<SearchGroupPage> {
  const hits = await hitsOf(store, account, plan, group, cursor ?? undefined, size + 1);
  const page = hits.slice(0, size);
  const last = page.at(-1);
  return {
    group,
    results: page.map((hit) => toResult(hit, group, now)),
    nextCursor: hits.length > size && last ? cursorOf(group, last) : null,
  };
}

/** What a page says when a read failed: the error's own code and words when it is ours, else the store's absence. */
export function readFailure(error: unknown): { code: ApiError["code"]; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: "store_unavailable", message: "The job history did not answer: try again in a moment." };
}

/** One page of every group the text searches, or the next page of the group a cursor names. */
export async function search(
  request: SearchRequest,
  options: ReadOptions & { size?: number } = {},
): Promise<SearchAnswer> {
  const { store, account } = await storeOf(options);
  const now = options.now?.() ?? new Date();
  const size = options.size ?? SEARCH_PAGE_SIZE;
  const { plan, cursor } = request;
  const groups = cursor ? [cursor.group] : groupsOf(plan);
  const [pages, asOf] = await asked(
    Promise.all([
      Promise.all(groups.map((group) => groupPage(store, account, plan, group, cursor, size, now))),
      getMeta<string>(store.db, `last_pass:${account}`),
    ]),
  );
  return { q: plan.text, groups: pages, shortWords: plan.shortWords, paged: cursor?.group ?? null, asOf };
}

/** Every job that touched a SKU (or external id), newest first, a page at a time. */
export async function skuStory(
  sku: string,
  cursor: SearchCursor | null,
  options: ReadOptions = {},
): Promise<SkuAnswer> {
  const { store, account } = await storeOf(options);
  const now = options.now?.() ?? new Date();
  const [page, asOf] = await asked(
    Promise.all([
      groupPage(
        store,
        account,
        { text: sku, skus: { key: normalKey(externalIdOf(sku)) }, shortWords: [] },
        "skus",
        cursor,
        SKU_PAGE_SIZE,
        now,
      ),
      getMeta<string>(store.db, `last_pass:${account}`),
    ]),
  );
  return { sku, results: page.results, nextCursor: page.nextCursor, asOf };
}
