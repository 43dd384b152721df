"use client";

import { useMemo } from "react";
import { CopyButton } from "@/components/copy-button";
import { focusRing } from "@/components/ui/focus-ring";
import type { JobDetail } from "@/lib/types";

/** The job exactly as the dashboard's API returned it, for when the views above are not enough. */
export function RawJsonTab({ detail }: { detail: JobDetail }) {
  const text = useMemo(() => JSON.stringify(detail, null, 2), [detail]);
  const path = `/api/jobs/${detail.job.type}/${encodeURIComponent(detail.job.id)}`;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-ink-muted">
          From <code className="font-mono text-xs">GET {path}</code>: Klaviyo&apos;s JSON:API document reshaped by the
          dashboard (job, errors, related catalog resources).
        </p>
        <span className="inline-flex items-center gap-1 text-sm">
          Copy
          <CopyButton value={text} label="Copy the job's JSON" />
        </span>
      </div>
      <pre
        tabIndex={0}
        role="region"
        aria-label="The job's JSON"
        data-testid="raw-json"
        className={`max-h-[70vh] overflow-auto rounded-lg border border-line bg-surface p-3 font-mono text-xs leading-relaxed ${focusRing}`}
      >
        {text}
      </pre>
    </div>
  );
}
