import type { Metadata } from "next";
import { Link as AccountLink } from "@/components/account-link";
import {
  type AlertScope,
  alertScope,
  listChanges,
  listChannelViews,
  listDeliveries,
  listRuleViews,
  secretKeyProblem,
} from "@/lib/alerts/service.server";
import { currentAccess } from "@/lib/auth/current-access.server";
import { getEnv } from "@/lib/env";
import { ChannelForm } from "./channel-form";
import { ChannelRow } from "./channel-row";
import { NoticeProvider } from "./notice";
import { RuleForm } from "./rule-form";
import { RuleRow } from "./rule-row";
import { cell, head } from "./table-cells";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

/** One table that scrolls inside itself on a phone, so the page never scrolls sideways. */
function Table({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <div
      // relative: the header's visually hidden "Actions" is placed inside the scrolling box, not the page.
      className="relative overflow-x-auto rounded-lg border border-line bg-surface"
      role="region"
      aria-label={label}
      tabIndex={0}
    >
      <table className="w-full min-w-[36rem] border-collapse text-sm">{children}</table>
    </div>
  );
}

export default async function AlertsPage() {
  // The account of the URL: its rules, channels and history only.
  let scope: AlertScope;
  try {
    scope = await alertScope();
  } catch {
    return (
      <div>
        <h1 className="text-xl font-semibold">Alerts</h1>
        <p role="status" className="mt-4">
          The store is not available yet: alert rules, channels and their history live there. Try again in a moment.
        </p>
      </div>
    );
  }
  const [rules, channels, deliveries, changes] = await Promise.all([
    listRuleViews(scope),
    listChannelViews(scope),
    listDeliveries(scope, 50),
    listChanges(scope, 30),
  ]);
  const keyProblem = secretKeyProblem();
  // Rules and channels are an admin's to change; the proxy refuses a viewer's changes anyway.
  const access = await currentAccess();
  const canChange = access?.role !== "viewer";
  const publicUrl = getEnv().PUBLIC_URL;
  const channelChoices = channels.map(({ id, name }) => ({ id, name }));

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-xl font-semibold">Alerts</h1>
        {access?.adminOf.length ? (
          <p className="mt-1 text-sm">
            <AccountLink href="/audit" className="text-accent underline">
              Audit log
            </AccountLink>{" "}
            <span className="text-ink-muted">
              {access.adminEverywhere
                ? "(sign-ins, changes, exports and refused attempts, every account)"
                : `(changes, exports and refused attempts in ${access.adminOf.join(", ")})`}
            </span>
          </p>
        ) : null}
        <p className="mt-1 text-sm text-ink-muted">
          The collector checks these rules each time it records what Klaviyo says, and tells the channels once per run
          and rule.
        </p>
        {publicUrl ? null : (
          <p
            className="mt-2 rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm"
            data-testid="public-url-note"
          >
            PUBLIC_URL is not set, so messages carry links relative to the dashboard (such as /runs?from=…). Set it to
            the address people open the dashboard at.
          </p>
        )}
      </div>

      <NoticeProvider>
        <section aria-labelledby="rules-heading" className="space-y-3">
          <h2 id="rules-heading" className="text-lg font-semibold">
            Rules
          </h2>
          {rules.length === 0 ? (
            <p className="text-sm text-ink-muted">No rules yet.</p>
          ) : (
            <Table label="Rules">
              <thead>
                <tr>
                  <th className={head}>Rule</th>
                  <th className={head}>When</th>
                  <th className={head}>Scope</th>
                  <th className={head}>Channels</th>
                  <th className={head}>Changed</th>
                  <th className={head}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} channels={channelChoices} />
                ))}
              </tbody>
            </Table>
          )}
          {canChange ? (
            <RuleForm channels={channelChoices} />
          ) : (
            <p className="text-sm text-ink-muted" data-testid="viewer-note">
              You can look here; only an admin can add or change rules and channels.
            </p>
          )}
        </section>

        <section aria-labelledby="channels-heading" className="space-y-3">
          <h2 id="channels-heading" className="text-lg font-semibold">
            Channels
          </h2>
          {keyProblem ? (
            <p className="rounded-md border border-warn bg-warn-soft px-3 py-2 text-sm" data-testid="secret-key-note">
              {keyProblem}
            </p>
          ) : null}
          {channels.length === 0 ? (
            <p className="text-sm text-ink-muted">No channels yet.</p>
          ) : (
            <Table label="Channels">
              <thead>
                <tr>
                  <th className={head}>Channel</th>
                  <th className={head}>Kind</th>
                  <th className={head}>Where (secrets masked)</th>
                  <th className={head}>State</th>
                  <th className={head}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {channels.map((channel) => (
                  <ChannelRow key={channel.id} channel={channel} secretsBlocked={keyProblem !== null} />
                ))}
              </tbody>
            </Table>
          )}
          {canChange ? <ChannelForm secretsBlocked={keyProblem !== null} /> : null}
        </section>
      </NoticeProvider>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          Notifications
        </h2>
        {deliveries.length === 0 ? (
          <p className="text-sm text-ink-muted">Nothing sent yet.</p>
        ) : (
          <Table label="Notifications">
            <thead>
              <tr>
                <th className={head}>Decided</th>
                <th className={head}>Alert</th>
                <th className={head}>Channel</th>
                <th className={head}>State</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((row) => (
                <tr key={`${row.eventId}/${row.channelId}`} data-testid="delivery-row">
                  <td className={cell}>
                    <time dateTime={row.decidedAt}>{row.decidedAt.replace("T", " ").slice(0, 19)} UTC</time>
                  </td>
                  <td className={cell}>
                    {row.link ? (
                      <a className="text-accent underline" href={row.link}>
                        {row.title}
                      </a>
                    ) : (
                      row.title
                    )}
                  </td>
                  <td className={cell}>{row.channelName ?? "(deleted)"}</td>
                  <td className={cell}>
                    {row.state === "sent"
                      ? `sent${row.attempts > 1 ? ` after ${row.attempts} attempts` : ""}`
                      : row.state === "pending"
                        ? `${row.attempts > 0 ? `retrying (attempt ${row.attempts} failed: ${row.lastError}), next ` : "due "}${row.nextAttemptAt.replace("T", " ").slice(0, 19)} UTC`
                        : `failed: ${row.lastError}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <section aria-labelledby="changes-heading" className="space-y-3">
        <h2 id="changes-heading" className="text-lg font-semibold">
          Changes
        </h2>
        {changes.length === 0 ? (
          <p className="text-sm text-ink-muted">No changes yet.</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {changes.map((change) => (
              <li key={change.id}>
                <time className="text-ink-muted" dateTime={change.at}>
                  {change.at.replace("T", " ").slice(0, 16)} UTC
                </time>{" "}
                {change.by} {change.action} {change.summary}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
