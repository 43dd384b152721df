/**
 * A search's results as a download, one row per hit of every group (CSV or JSON, written as the run
 * and job error exports are). Links are the dashboard's own paths, relative to wherever it is served.
 */
import type { ExportFormat } from "@/lib/export/export-file";
import type { SearchResult } from "./types";

export interface SearchExportRow {
  group: string;
  job_type: string;
  job_id: string;
  job_status: string;
  job_created_at: string;
  in_klaviyo: "yes" | "no";
  key: string;
  outcome: string;
  code: string;
  field: string;
  title: string;
  detail: string;
  count: number;
  link: string;
}

export const SEARCH_EXPORT_COLUMNS = [
  "group",
  "job_type",
  "job_id",
  "job_status",
  "job_created_at",
  "in_klaviyo",
  "key",
  "outcome",
  "code",
  "field",
  "title",
  "detail",
  "count",
  "link",
] as const satisfies readonly (keyof SearchExportRow)[];

export function searchExportRow(result: SearchResult): SearchExportRow {
  return {
    group: result.group,
    job_type: result.type,
    job_id: result.jobId,
    job_status: result.jobStatus,
    job_created_at: result.createdAt,
    in_klaviyo: result.held ? "yes" : "no",
    key: result.label,
    outcome: result.outcome,
    code: result.code ?? "",
    field: result.field ?? "",
    title: result.title ?? "",
    detail: result.detail ?? "",
    count: result.count,
    link: result.href,
  };
}

/** e.g. `search-sku-12.csv`: the searched text, reduced to what a file name safely holds. */
export function searchExportFileName(text: string, format: ExportFormat): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `search-${slug || "results"}.${format}`;
}
