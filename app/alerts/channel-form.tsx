"use client";

import { type FormEvent, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CHANNEL_KINDS, type ChannelKind } from "@/lib/alerts/channels";
import type { ChannelView } from "@/lib/alerts/types";
import { channelBody } from "./channel-body";
import type { Editing } from "./editing";
import { Field, Input, inputClass } from "./fields";
import { useFocusOnOpen } from "./use-focus-on-open";
import { useSave } from "./use-save";

const KIND_LABELS: Record<ChannelKind, string> = {
  webhook: "Webhook (signed, Standard Webhooks)",
  slack: "Slack incoming webhook",
  email: "Email (SMTP)",
};

const KEEP = "leave blank to keep the current one";

/**
 * A channel, new or (given `editing`) an existing one. Secrets go to the server and are never shown
 * again in full, so an edit starts with its secret fields blank: blank keeps them, typed replaces them.
 */
export function ChannelForm({ secretsBlocked, editing }: { secretsBlocked: boolean; editing?: Editing<ChannelView> }) {
  const initial = editing?.value;
  const [kind, setKind] = useState<ChannelKind>(initial?.kind ?? "webhook");
  const { error, pending, save } = useSave(editing);
  const headingId = useId();
  const firstField = useFocusOnOpen(editing !== undefined);
  // Secrets can be kept only for the kind they were saved with.
  const keep = initial !== undefined && kind === initial.kind;
  const settings = initial?.kind === "email" ? initial.settings : {};
  const setting = (name: string) => (settings[name] === undefined ? undefined : String(settings[name]));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body = channelBody(kind, new FormData(formElement), initial !== undefined, keep);
    if (initial) save("PUT", `/api/alerts/channels/${initial.id}`, body);
    else save("POST", "/api/alerts/channels", body, () => formElement.reset());
  }

  return (
    <form
      onSubmit={submit}
      onKeyDown={(event) => {
        if (editing && event.key === "Escape") editing.close("cancelled");
      }}
      className="grid gap-3 rounded-lg border border-line bg-surface p-4 sm:grid-cols-2"
      aria-labelledby={headingId}
    >
      <h3 id={headingId} className="font-semibold sm:col-span-2">
        {initial ? `Edit channel “${initial.name}”` : "New channel"}
      </h3>
      {initial ? <p className="text-sm text-ink-muted sm:col-span-2">Saved secrets: {initial.secret}</p> : null}
      <Field label="Name">
        <Input ref={firstField} name="name" required maxLength={80} defaultValue={initial?.name} />
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
            <Input name="host" required defaultValue={setting("host")} />
          </Field>
          <Field label="Port">
            <Input name="port" type="number" inputMode="numeric" placeholder="587" defaultValue={setting("port")} />
          </Field>
          <Field label="User" hint="leave empty for a server without sign-in">
            <Input name="user" autoComplete="off" defaultValue={setting("user")} />
          </Field>
          <Field label="Password" hint={keep ? KEEP : undefined}>
            <Input name="password" type="password" autoComplete="new-password" />
          </Field>
          <Field label="From">
            <Input name="from" type="email" required defaultValue={setting("from")} />
          </Field>
          <Field label="To" hint="addresses separated by commas">
            <Input name="to" required defaultValue={Array.isArray(settings.to) ? settings.to.join(", ") : undefined} />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="secure" defaultChecked={settings.secure === true} /> TLS from the start (port
            465)
          </label>
        </>
      ) : (
        <>
          <Field label="URL" hint={keep ? KEEP : "https (plain http only to this machine)"}>
            <Input name="url" type="url" required={!keep} autoComplete="off" />
          </Field>
          {kind === "webhook" ? (
            <Field label="Signing secret" hint={keep ? KEEP : "whsec_ and base64, shared with the receiver"}>
              <Input name="signingSecret" required={!keep} autoComplete="off" />
            </Field>
          ) : null}
        </>
      )}
      <div className="sm:col-span-2">
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="md" disabled={pending}>
            {initial ? "Save channel" : "Add channel"}
          </Button>
          {editing ? (
            <Button size="md" onClick={() => editing.close("cancelled")}>
              Cancel
            </Button>
          ) : null}
        </div>
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
