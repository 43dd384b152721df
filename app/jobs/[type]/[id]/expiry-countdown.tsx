"use client";

import { useNow } from "@/components/clock";
import { ExactTime } from "@/components/relative-time";
import { formatDuration } from "@/lib/format";
import type { TimeZoneChoice } from "@/lib/time-zone";

/** Klaviyo deletes a job, errors and all, at its expiry; a day's notice leaves time to export. */
export const EXPIRY_WARN_MS = 24 * 3_600_000;
export const EXPIRY_URGENT_MS = 3_600_000;

export type ExpiryLevel = "unset" | "ok" | "warn" | "urgent" | "expired";

export function expiryLevel(expiresAt: string | null, now: number): ExpiryLevel {
  if (!expiresAt) return "unset";
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left)) return "unset";
  if (left <= 0) return "expired";
  if (left < EXPIRY_URGENT_MS) return "urgent";
  if (left < EXPIRY_WARN_MS) return "warn";
  return "ok";
}

const STYLES: Record<ExpiryLevel, string> = {
  unset: "",
  ok: "",
  warn: "rounded-md border border-warn bg-warn-soft px-2 py-1 text-warn",
  urgent: "rounded-md border border-danger bg-danger-soft px-2 py-1 text-danger",
  expired: "rounded-md border border-danger bg-danger-soft px-2 py-1 text-danger",
};

export function ExpiryCountdown({ expiresAt, tz }: { expiresAt: string | null; tz: TimeZoneChoice }) {
  const now = useNow();
  const level = expiryLevel(expiresAt, now);
  if (!expiresAt || level === "unset") {
    return <span className="text-ink-muted">Set by Klaviyo when the job finishes</span>;
  }
  const left = Date.parse(expiresAt) - now;
  return (
    <span data-testid="expiry" data-expiry={level} className={`inline-flex flex-col gap-0.5 ${STYLES[level]}`}>
      <span className="font-medium tabular-nums">
        {level === "expired" ? "Expired" : `in ${formatDuration(left)}`}
        <span className="font-normal text-ink-muted"> · </span>
        <span className="font-normal text-ink-muted">
          <ExactTime iso={expiresAt} tz={tz} />
        </span>
      </span>
      {level === "warn" || level === "urgent" ? (
        <span className="text-xs">Klaviyo deletes this job and its errors then. Export what you need first.</span>
      ) : null}
    </span>
  );
}
