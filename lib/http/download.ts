import { EXPORT_CONTENT_TYPES, type ExportFormat } from "@/lib/export/export-file";

/** A CSV or JSON export as a download: its media type, its file name, never cached. */
export function downloadResponse(
  body: string,
  format: ExportFormat,
  filename: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, {
    headers: {
      "Content-Type": EXPORT_CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}
