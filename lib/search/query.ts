/**
 * The search's URL contract, described once: `/search?q=&cursor=` (and `/api/search`, and a SKU's page
 * `/skus/{sku}?cursor=`). What was typed is checked here, by the find box in the browser, the page
 * and the route alike; it decides which groups a search asks for:
 * - jobs: the start of a job id (letters, digits, `-` or `_`, 3 characters or more);
 * - skus: an external id or SKU, exactly (case aside); a compound catalog id counts as its external id;
 * - codes: an error code, exactly (a word of letters, digits and `_`);
 * - words: error groups whose title and details hold every word of 3 characters or more.
 * A cursor names one group and the last hit of the page before; it opens that group's next page.
 */
import { isJobType, type JobType } from "@/lib/job-types";
import { externalIdOf, normalKey } from "./entries";

export const SEARCH_MAX_LENGTH = 200;
export const WORD_MIN_LENGTH = 3;
const MAX_WORDS = 8;

export const SEARCH_GROUPS = ["jobs", "skus", "codes", "words"] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

export const SEARCH_GROUP_LABELS: Record<SearchGroup, string> = {
  jobs: "Jobs by id",
  skus: "SKUs and external ids",
  codes: "Error codes",
  words: "Error words",
};

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

// C0 and C1 controls, and the invisible marks that reorder text (a pasted id must be what it looks like).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Checks what was typed, trimmed: 1 to 200 characters, no control characters. */
export function checkSearchText(raw: unknown, name = "q"): Checked<string> {
  if (typeof raw !== "string") return { ok: false, message: `${name}: type something to search for` };
  // Whitespace around what was pasted (a newline, a tab) goes; inside, a control character is refused.
  const text = raw.trim();
  if (CONTROL.test(text)) return { ok: false, message: `${name}: control characters cannot be searched for` };
  if (text === "") return { ok: false, message: `${name}: type something to search for` };
  if (text.length > SEARCH_MAX_LENGTH) {
    return { ok: false, message: `${name}: at most ${SEARCH_MAX_LENGTH} characters (got ${text.length})` };
  }
  return { ok: true, value: text };
}

export interface SearchPlan {
  text: string;
  /** per group, what it looks for; absent groups do not apply to this text */
  jobs?: { prefix: string };
  skus?: { key: string };
  codes?: { key: string };
  words?: { words: string[] };
  /** words left out for being shorter than WORD_MIN_LENGTH */
  shortWords: string[];
}

export function planSearch(text: string): SearchPlan {
  const plan: SearchPlan = { text, shortWords: [] };
  if (/^[A-Za-z0-9_-]{3,64}$/.test(text)) plan.jobs = { prefix: text };
  plan.skus = { key: normalKey(externalIdOf(text)) };
  if (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(text)) plan.codes = { key: normalKey(text) };
  const all = [...new Set(text.toLowerCase().split(/\s+/).filter(Boolean))];
  const words = all.filter((word) => word.length >= WORD_MIN_LENGTH).slice(0, MAX_WORDS);
  plan.shortWords = all.filter((word) => word.length < WORD_MIN_LENGTH);
  if (words.length > 0) plan.words = { words };
  return plan;
}

export const groupsOf = (plan: SearchPlan): SearchGroup[] => SEARCH_GROUPS.filter((group) => plan[group]);

/** The last hit of a page, in result order: the next page starts after it. */
export interface SearchCursor {
  group: SearchGroup;
  createdAt: string;
  type: JobType;
  jobId: string;
  n: number;
}

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function encodeSearchCursor(cursor: SearchCursor): string {
  return toBase64Url(JSON.stringify([cursor.group, cursor.createdAt, cursor.type, cursor.jobId, cursor.n]));
}

const CURSOR_MESSAGE = "cursor: cursor must be a page token from a search answer";

export function decodeSearchCursor(raw: string): Checked<SearchCursor> {
  const text = fromBase64Url(raw);
  let value: unknown = null;
  try {
    value = text === null ? null : JSON.parse(text);
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || value.length !== 5) return { ok: false, message: CURSOR_MESSAGE };
  const [group, createdAt, type, jobId, n] = value as unknown[];
  if (
    !SEARCH_GROUPS.includes(group as SearchGroup) ||
    typeof createdAt !== "string" ||
    Number.isNaN(Date.parse(createdAt)) ||
    !isJobType(type) ||
    typeof jobId !== "string" ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(jobId) ||
    !Number.isInteger(n) ||
    (n as number) < 0
  ) {
    return { ok: false, message: CURSOR_MESSAGE };
  }
  return { ok: true, value: { group: group as SearchGroup, createdAt, type, jobId, n: n as number } };
}

/** A page's `searchParams` as URLSearchParams (repeated names kept), for the parsers here. */
export function paramsOf(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, one);
  }
  return params;
}

export interface SearchRequest {
  plan: SearchPlan;
  cursor: SearchCursor | null;
}

/** `q` and `cursor` of a search URL; a cursor of a group this text does not search is refused. */
export function parseSearchParams(
  params: URLSearchParams,
  allowed: readonly string[] = ["q", "cursor"],
): Checked<SearchRequest> {
  const unknown = [...params.keys()].filter((name) => !allowed.includes(name));
  if (unknown.length > 0) return { ok: false, message: `${unknown[0]}: not a parameter of this search` };
  if (params.getAll("q").length > 1) return { ok: false, message: "q: give one search text" };
  const text = checkSearchText(params.get("q") ?? undefined);
  if (!text.ok) return text;
  const plan = planSearch(text.value);
  const raw = params.get("cursor");
  if (raw === null || raw === "") return { ok: true, value: { plan, cursor: null } };
  const cursor = decodeSearchCursor(raw);
  if (!cursor.ok) return cursor;
  if (!plan[cursor.value.group]) return { ok: false, message: "cursor: this page token belongs to another search" };
  return { ok: true, value: { plan, cursor: cursor.value } };
}

/** `/search?q=…[&cursor=…][&tz=utc]`: the page keeps the zone of the view it was opened from. */
export function searchHref(text: string, cursor?: string | null, tz: "local" | "utc" = "local"): string {
  const params = new URLSearchParams({ q: text });
  if (cursor) params.set("cursor", cursor);
  if (tz === "utc") params.set("tz", "utc");
  return `/search?${params.toString()}`;
}

export function skuHref(sku: string, tz: "local" | "utc" = "local"): string {
  return `/skus/${encodeURIComponent(sku)}${tz === "utc" ? "?tz=utc" : ""}`;
}

/**
 * A SKU's page: the SKU as its path segment arrives (decoded once), and `cursor`. It is checked like
 * search text, without trimming (a SKU is what it is).
 */
export function parseSkuRequest(
  segment: string,
  params: URLSearchParams,
): Checked<{ sku: string; cursor: SearchCursor | null }> {
  const sku = segment;
  const unknown = [...params.keys()].filter((name) => name !== "cursor");
  if (unknown.length > 0) return { ok: false, message: `${unknown[0]}: not a parameter of this page` };
  const checked = checkSearchText(sku, "sku");
  if (!checked.ok) return checked;
  if (checked.value !== sku) return { ok: false, message: "sku: no spaces at either end" };
  const raw = params.get("cursor");
  if (raw === null || raw === "") return { ok: true, value: { sku, cursor: null } };
  const cursor = decodeSearchCursor(raw);
  if (!cursor.ok) return cursor;
  if (cursor.value.group !== "skus") return { ok: false, message: "cursor: this page token belongs to another page" };
  return { ok: true, value: { sku, cursor: cursor.value } };
}
