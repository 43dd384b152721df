"use client";

import type { ReactNode } from "react";
import { RelativeTime } from "@/components/relative-time";
import { formatCount, formatDuration } from "@/lib/format";
import type { LastError, StatusReport } from "@/lib/status/report";
import type { TimeZoneChoice } from "@/lib/time-zone";

type Tone = "ok" | "warn" | "bad" | "off";

const TONES: Record<Tone, string> = {
  ok: "bg-status-complete",
  warn: "bg-warn",
  bad: "bg-danger",
  off: "bg-status-queued",
};

function Card({ title, state, tone, children }: { title: string; state: string; tone: Tone; children: ReactNode }) {
  const id = `service-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-line bg-surface p-4" data-testid={id}>
      <h3 id={id} className="flex items-center gap-2 text-sm font-semibold">
        <span aria-hidden className={`inline-block h-2.5 w-2.5 rounded-full ${TONES[tone]}`} />
        {title}
      </h3>
      <p className="mt-1 text-lg font-semibold">{state}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">{children}</dl>
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-ink-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

function LastErrorRow({ error, tz }: { error: LastError | null; tz: TimeZoneChoice }) {
  return (
    <Row label="Last error">
      {error ? (
        <>
          {error.message} <RelativeTime iso={error.at} tz={tz} className="text-ink-muted" />
        </>
      ) : (
        <span className="text-ink-muted">none seen</span>
      )}
    </Row>
  );
}

const ROLES = {
  off: "Off on this instance",
  starting: "Starting",
  leader: "Collecting",
  standby: "Standing by",
  stopped: "Stopped",
} as const;

export function Services({ report, tz }: { report: StatusReport; tz: TimeZoneChoice }) {
  const { inProgress, redis, store, collector } = report;
  const share = inProgress.count === null ? 0 : inProgress.count / inProgress.cap;
  return (
    <section aria-labelledby="services-heading" className="space-y-3">
      <h2 id="services-heading" className="sr-only">
        Jobs in progress and services
      </h2>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Card
          title="Jobs in progress"
          state={
            inProgress.count === null ? "Unknown" : `${formatCount(inProgress.count)} of ${formatCount(inProgress.cap)}`
          }
          tone={inProgress.count === null ? "off" : share >= 0.9 ? "bad" : share >= 0.7 ? "warn" : "ok"}
        >
          <Row label="Counted">queued and processing, all nine types</Row>
          <Row label="Limit">Klaviyo refuses new jobs past {formatCount(inProgress.cap)} in progress</Row>
          {inProgress.note ? <Row label="Note">{inProgress.note}</Row> : null}
        </Card>

        <Card
          title="Job-history store"
          state={store.reachable ? "Answers" : store.state === "opening" ? "Opening" : "Does not answer"}
          tone={store.reachable ? "ok" : store.state === "opening" ? "warn" : "bad"}
        >
          <Row label="Engine">
            {store.engine === "postgres" ? "PostgreSQL" : store.engine === "embedded" ? "Embedded (PGlite)" : "—"}
          </Row>
          <Row label="Jobs kept">{store.jobs === null ? "—" : formatCount(store.jobs)}</Row>
          <Row label="History since">
            <RelativeTime iso={store.historySince} tz={tz} />
          </Row>
          <LastErrorRow error={store.lastError} tz={tz} />
        </Card>

        <Card
          title="Collector"
          state={ROLES[collector.role]}
          tone={
            collector.role === "leader"
              ? "ok"
              : collector.role === "standby" || collector.role === "off"
                ? "off"
                : "warn"
          }
        >
          <Row label="Last pass">
            <RelativeTime iso={collector.lastPassAt} tz={tz} />
          </Row>
          <Row label="Its calls">{collector.lastPassCalls === null ? "—" : formatCount(collector.lastPassCalls)}</Row>
          <Row label="Lag">{collector.lagSeconds === null ? "—" : formatDuration(collector.lagSeconds * 1000)}</Row>
          <Row label="Next pass">
            <RelativeTime iso={collector.nextPassAt} tz={tz} />
          </Row>
          <LastErrorRow error={collector.lastError} tz={tz} />
        </Card>

        <Card
          title="Redis"
          state={redis.state === "none" ? "Not used" : redis.state === "ready" ? "Answers" : "Does not answer"}
          tone={redis.state === "none" ? "off" : redis.state === "ready" ? "ok" : "bad"}
        >
          <Row label="Budget">
            {redis.state === "none"
              ? "kept in this process (REDIS_URL is not set)"
              : redis.state === "ready"
                ? "shared by every instance"
                : "kept in this process, this instance's part only, until Redis is back"}
          </Row>
          <LastErrorRow error={redis.lastError} tz={tz} />
        </Card>
      </div>
    </section>
  );
}
