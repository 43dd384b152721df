"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ExportFormat } from "@/lib/export/export-file";
import { type ErrorRef, EXPORT_COLUMNS, exportRows } from "@/lib/jobs/error-groups";
import { exportFileName } from "./error-view";

/**
 * CSV and JSON downloads of some errors, one row per failed entry (payload index, field, code,
 * detail…), so ops can fix those entries and resubmit them. Papaparse loads only on click.
 */
export function ExportButtons({
  refs,
  job,
  group,
  what,
}: {
  refs: readonly ErrorRef[];
  job: { type: string; id: string };
  /** the group exported, or null for all errors */
  group: { code: string; field: string | null } | null;
  /** how the buttons name what they export, e.g. "all errors" */
  what: string;
}) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [failed, setFailed] = useState(false);

  async function run(format: ExportFormat) {
    setBusy(format);
    setFailed(false);
    try {
      const { toCsv, toJson, download } = await import("@/lib/export/export-file");
      const rows = exportRows(refs);
      download(
        exportFileName(job, group, format),
        format === "csv" ? toCsv(rows, EXPORT_COLUMNS) : toJson(rows),
        format,
      );
    } catch {
      // Only the lazy chunk can fail (offline, or a new deploy removed it).
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <span role="group" aria-label={`Export ${what}`} className="inline-flex items-center gap-1">
      {(["csv", "json"] as const).map((format) => (
        <Button
          key={format}
          size="custom"
          className="px-2 py-1 text-xs font-medium disabled:opacity-60"
          disabled={busy !== null || refs.length === 0}
          onClick={() => run(format)}
          aria-label={`Export ${what} as ${format.toUpperCase()}`}
        >
          {format.toUpperCase()}
        </Button>
      ))}
      {failed ? (
        <span role="alert" className="text-xs text-danger">
          Export failed; reload the page and try again.
        </span>
      ) : null}
    </span>
  );
}
