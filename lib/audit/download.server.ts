import "server-only";
/** A download (an export) that is recorded in the audit log: who took which data, when. */
import type { ExportFormat } from "../export/export-file";
import { downloadResponse } from "../http/download";
import { audit, requester } from "./record.server";

export async function auditedDownload(
  request: Request,
  body: string,
  format: ExportFormat,
  filename: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(request.url);
  await audit({ ...(await requester()), action: "export", target: url.pathname + url.search, detail: filename });
  return downloadResponse(body, format, filename, headers);
}
