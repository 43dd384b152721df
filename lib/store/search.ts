/**
 * The search's questions to the store, newest first and read by keyset (created, type, job id, entry):
 * jobs by the start of their id (a pattern index), entries by exact key (a btree), error groups by
 * words (a trigram GIN index). Each hit carries its job's status and whether Klaviyo still holds it.
 */
import { sql } from "drizzle-orm";
import type { JobStatus, JobType } from "../job-types";

export type { SearchHit };

import type { SearchKind } from "../search/entries";
import type { SearchHit } from "../search/types";
import { type Db, rowsOf } from "./open";

/** Where a page ends: the last hit of the page before, in result order. */
export interface SearchAfter {
  createdAt: string;
  type: string;
  jobId: string;
  n: number;
}

interface HitRow {
  type: string;
  job_id: string;
  n: number;
  status: string;
  created_at: Date | string;
  gone_at: Date | string | null;
  expires_at: Date | string | null;
  label: string;
  outcome: string;
  code: string | null;
  field: string | null;
  title: string | null;
  detail: string | null;
  count: number;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function toHit(row: HitRow): SearchHit {
  return {
    type: row.type as JobType,
    jobId: row.job_id,
    n: Number(row.n),
    jobStatus: row.status as JobStatus,
    createdAt: iso(row.created_at)!,
    goneAt: iso(row.gone_at),
    expiresAt: iso(row.expires_at),
    label: row.label,
    outcome: row.outcome as SearchHit["outcome"],
    code: row.code,
    field: row.field,
    title: row.title,
    detail: row.detail,
    count: Number(row.count),
  };
}

const afterClause = (after: SearchAfter | undefined) =>
  after
    ? sql`and (e.created_at, e.type, e.job_id, e.n) < (${new Date(after.createdAt)}, ${after.type}, ${after.jobId}, ${after.n})`
    : sql``;

const ENTRY_COLUMNS = sql`e.type, e.job_id, e.n, j.status, e.created_at, j.gone_at, j.expires_at, e.label, e.outcome,
  e.code, e.field, e.title, e.detail, e.count`;

const ORDER = sql`order by e.created_at desc, e.type desc, e.job_id desc, e.n desc`;

/** Entries of one kind whose key is exactly `key` (lower case). */
export async function entriesByKey(
  db: Db,
  query: { account: string; kind: SearchKind; key: string; after?: SearchAfter; limit: number },
): Promise<SearchHit[]> {
  const rows = await rowsOf<HitRow>(
    db,
    sql`select ${ENTRY_COLUMNS}
        from search_entries e join jobs j on j.account = e.account and j.type = e.type and j.id = e.job_id
        where e.account = ${query.account} and e.kind = ${query.kind} and e.key = ${query.key} ${afterClause(query.after)}
        ${ORDER} limit ${query.limit}`,
  );
  return rows.map(toHit);
}

/** `%`, `_` and `\` stand for themselves in a LIKE pattern. */
export const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Error groups whose words hold every one of `words` (lower case, each of 3 characters or more). */
export async function errorGroupsByWords(
  db: Db,
  query: { account: string; words: string[]; after?: SearchAfter; limit: number },
): Promise<SearchHit[]> {
  const matches = sql.join(
    query.words.map((word) => sql`and e.words like ${`%${likeEscape(word)}%`}`),
    sql` `,
  );
  const rows = await rowsOf<HitRow>(
    db,
    sql`select ${ENTRY_COLUMNS}
        from search_entries e join jobs j on j.account = e.account and j.type = e.type and j.id = e.job_id
        where e.account = ${query.account} and e.kind = 'error' ${matches} ${afterClause(query.after)}
        ${ORDER} limit ${query.limit}`,
  );
  return rows.map(toHit);
}

/** Jobs whose id starts with `prefix` (as typed). */
export async function jobsByIdPrefix(
  db: Db,
  query: { account: string; prefix: string; after?: SearchAfter; limit: number },
): Promise<SearchHit[]> {
  const after = query.after
    ? sql`and (created_at, type, id) < (${new Date(query.after.createdAt)}, ${query.after.type}, ${query.after.jobId})`
    : sql``;
  const rows = await rowsOf<HitRow>(
    db,
    sql`select type, id as job_id, 0 as n, status, created_at, gone_at, expires_at, id as label, status as outcome,
          null as code, null as field, null as title, null as detail, failed_count as count
        from jobs
        where account = ${query.account} and id like ${`${likeEscape(query.prefix)}%`} ${after}
        order by created_at desc, type desc, id desc limit ${query.limit}`,
  );
  return rows.map(toHit);
}
