"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CHANNEL_KINDS, type ChannelKind } from "@/lib/alerts/channels";
import { Field, Input, inputClass } from "./fields";
import { sendJson } from "./send-json";

const KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (signed, Standard Webhooks)",
  slack: "Slack incoming webhook",
  email: "Email (SMTP)",
};

/** New channel. Its secrets go to the server once and are never shown again in full. */
export function ChannelForm({ secretsBlocked }: { secretsBlocked: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<ChannelKind>("webhook");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: FormData) {
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body =
      kind === "email"
        ? {
            kind,
            name: text("name"),
            host: text("host"),
            port: Number(text("port") || 587),
            secure: form.get("secure") === "on",
            ...(text("user") ? { user: text("user"), password: String(form.get("password") ?? "") } : {}),
            from: text("from"),
            to: text("to")
              .split(/[,\s]+/)
              .filter(Boolean),
          }
        : kind === "webhook"
          ? { kind, name: text("name"), url: text("url"), signingSecret: text("signingSecret") }
          : { kind, name: text("name"), url: text("url") };
    startTransition(async () => {
      const problem = await sendJson("POST", "/api/alerts/channels", body);
      setError(problem);
      if (!problem) router.refresh();
    });
  }

  return (
    <form
      action={submit}
      className="grid gap-3 rounded-lg border border-line bg-surface p-4 sm:grid-cols-2"
      aria-label="New channel"
    >
      <h3 className="font-semibold sm:col-span-2">New channel</h3>
      <Field label="Name">
        <Input name="name" required maxLength={80} />
      </Field>
      <Field label="Kind">
        <select
          className={inputClass}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as ChannelKind)}
        >
          {CHANNEL_KINDS.map((value) => (
            <option key={value} value={value}>
              {KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </Field>
      {kind === "email" ? (
        <>
          <Field label="SMTP server">
            <Input name="host" required />
          </Field>
          <Field label="Port">
            <Input name="port" type="number" inputMode="numeric" placeholder="587" />
          </Field>
          <Field label="User" hint="leave empty for a server without sign-in">
            <Input name="user" autoComplete="off" />
          </Field>
          <Field label="Password">
            <Input name="password" type="password" autoComplete="new-password" />
          </Field>
          <Field label="From">
            <Input name="from" type="email" required />
          </Field>
          <Field label="To" hint="addresses separated by commas">
            <Input name="to" required />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="secure" /> TLS from the start (port 465)
          </label>
        </>
      ) : (
        <>
          <Field label="URL" hint="https (plain http only to this machine)">
            <Input name="url" type="url" required autoComplete="off" />
          </Field>
          {kind === "webhook" ? (
            <Field label="Signing secret" hint="whsec_ and base64, shared with the receiver">
              <Input name="signingSecret" required autoComplete="off" />
            </Field>
          ) : null}
        </>
      )}
      <div className="sm:col-span-2">
        <Button type="submit" size="md" disabled={pending}>
          Add channel
        </Button>
        {secretsBlocked ? (
          <p className="mt-2 text-sm text-ink-muted">
            Only email without a password can be saved until ALERTS_SECRET_KEY is set.
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
