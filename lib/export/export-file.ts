/**
 * CSV and JSON error exports: built in the browser for one job (loaded on demand, so nothing here is on
 * a page's first load), and on the server for a whole run (`/api/runs/errors`).
 */
import Papa from "papaparse";
import { saveFile } from "./save-file";

export type ExportFormat = "csv" | "json";

/** The media type of each format, for a server's answer and a browser's saved file alike. */
export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
};

/** CSV cells that start like a formula are prefixed so spreadsheets show them as text, not run them. */
function defuse(value: unknown): unknown {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  return Papa.unparse({
    fields: [...columns],
    data: rows.map((row) => columns.map((c) => defuse(row[c]))),
  });
}

export function toJson(rows: readonly object[]): string {
  return JSON.stringify(rows, null, 2) + "\n";
}

export function download(filename: string, text: string, format: ExportFormat): void {
  saveFile(filename, new Blob([text], { type: EXPORT_CONTENT_TYPES[format] }));
}
