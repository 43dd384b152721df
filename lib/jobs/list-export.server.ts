import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * The export of a list read from the job history: every job the list's filters select, in the
 * list's order, from its first row (whatever page is on screen), up to EXPORT_MAX_JOBS.
 */
import type { ExportFormat } from "@/lib/export/export-file";
import { ApiError } from "@/lib/http/errors";
import { listHistoryView } from "@/lib/store/history-views";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import type { Job } from "@/lib/types";
import { historyViewQuery } from "./all-types.server";
import { EXPORT_MAX_JOBS } from "./list-export";
import { type ListQuery, readsHistory } from "./list-params";
import { type ParseResult, parseListQuery, searchParamsRecord } from "./schemas.server";

export const LIST_EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "json"];

/** One row per job: what the table shows, and the failure rate the filters and orders use. */
export const LIST_EXPORT_COLUMNS = [
  "type",
  "id",
  "status",
  "createdAt",
  "completedAt",
  "totalCount",
  "completedCount",
  "failedCount",
  "failureRate",
] as const;

export type ListExportRow = Record<(typeof LIST_EXPORT_COLUMNS)[number], string | number | null>;

export function parseListExportQuery(params: URLSearchParams): ParseResult<{ query: ListQuery; format: ExportFormat }> {
  const record = searchParamsRecord(params);
  if (!record.ok) return record;
  const { format = "csv", ...rest } = record.data;
  const chosen = LIST_EXPORT_FORMATS.find((f) => f === format);
  if (!chosen) return { ok: false, message: `format must be one of ${LIST_EXPORT_FORMATS.join(", ")}` };
  const parsed = parseListQuery(new URLSearchParams(rest));
  if (!parsed.ok) return parsed;
  if (!readsHistory(parsed.data)) {
    return {
      ok: false,
      message: "export covers lists read from the job history: choose several types, a date or a failure filter",
    };
  }
  // An export starts at the list's first row: the page on screen does not narrow it.
  return { ok: true, data: { query: { ...parsed.data, cursor: undefined }, format: chosen } };
}

function toRow(job: Job): ListExportRow {
  return {
    type: job.type,
    id: job.id,
    status: job.status,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
    totalCount: job.totalCount,
    completedCount: job.completedCount,
    failedCount: job.failedCount,
    // As the store computes it: failed over total, 0 for a job of no operations; 4 decimals.
    failureRate: Math.round((job.failedCount / Math.max(job.totalCount, 1)) * 10_000) / 10_000,
  };
}

/** The list's jobs in its order, read by keyset pages of 1,000; `truncated` when more matched. */
export async function exportHistoryList(
  query: ListQuery,
  options: { store?: Store | null; account?: string } = {},
): Promise<{ rows: ListExportRow[]; truncated: boolean }> {
  const account = options.account ?? (await currentStoreAccount());
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) throw new ApiError("store_unavailable", "The job history is not available yet: try again in a moment.");
  const { view } = historyViewQuery(query, account, 1_000);
  const rows: ListExportRow[] = [];
  try {
    for (;;) {
      const page = await listHistoryView(store.db, { ...view, limit: Math.min(1_000, EXPORT_MAX_JOBS - rows.length) });
      rows.push(...page.jobs.map(toRow));
      const last = page.jobs.at(-1);
      if (!page.more || !last) return { rows, truncated: false };
      if (rows.length >= EXPORT_MAX_JOBS) return { rows, truncated: true };
      view.boundary = { dir: "next", ...last };
    }
  } catch {
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}
