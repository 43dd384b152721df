"use client";

import { type FormEvent, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { RULE_KIND_LABELS, RULE_KINDS, type RuleKind } from "@/lib/alerts/rules";
import type { RuleView } from "@/lib/alerts/types";
import { JOB_TYPES } from "@/lib/job-types";
import type { Editing } from "./editing";
import { Field, Input, inputClass } from "./fields";
import { useFocusOnOpen } from "./use-focus-on-open";
import { useSave } from "./use-save";

/**
 * A rule: what to watch, its threshold, its scope (all jobs or one type) and its channels. New, or
 * (given `editing`) an existing one, prefilled and saved whole with PUT.
 */
export function RuleForm({
  channels,
  editing,
}: {
  channels: { id: string; name: string }[];
  editing?: Editing<RuleView>;
}) {
  const initial = editing?.value;
  const [kind, setKind] = useState<RuleKind>(initial?.kind ?? "run_finished");
  const { error, pending, save } = useSave(editing);
  const headingId = useId();
  const firstField = useFocusOnOpen(editing !== undefined);
  // The page's initial values count only for the kind the rule has: another kind has other parameters.
  const own = initial && kind === initial.kind ? initial.params : {};
  const scopeType = initial?.scope.kind === "type" ? initial.scope.type : "";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const number = (name: string) =>
      form.get(name) === "" || form.get(name) === null ? undefined : Number(form.get(name));
    const type = String(form.get("type") ?? "");
    const body = {
      name: String(form.get("name") ?? ""),
      kind,
      scope: type && kind !== "collector_trouble" ? { kind: "type", type } : { kind: "all" },
      channels: form.getAll("channels").map(String),
      // What the form does not show (muting, the in-progress rule's interval) is kept as it was.
      ...(initial ? { muted: initial.muted } : {}),
      ...own,
      ...(kind === "failure_rate" || kind === "in_progress_share" ? { threshold: number("threshold") } : {}),
      ...(kind === "stalled" || kind === "collector_trouble" ? { minutes: number("minutes") } : {}),
      ...(kind === "new_error_group" ? { runs: number("runs") } : {}),
    };
    if (initial) save("PUT", `/api/alerts/rules/${initial.id}`, body);
    else save("POST", "/api/alerts/rules", body, () => formElement.reset());
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
        {initial ? `Edit rule “${initial.name}”` : "New rule"}
      </h3>
      <Field label="Name">
        <Input ref={firstField} name="name" required maxLength={80} defaultValue={initial?.name} />
      </Field>
      <Field label="When">
        <select
          className={inputClass}
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as RuleKind)}
        >
          {RULE_KINDS.map((value) => (
            <option key={value} value={value}>
              {RULE_KIND_LABELS[value]}
            </option>
          ))}
        </select>
      </Field>
      {kind === "failure_rate" || kind === "in_progress_share" ? (
        <Field label="Threshold (%)" hint={kind === "failure_rate" ? "default 5" : "of Klaviyo's 500; default 90"}>
          <Input
            key={kind}
            name="threshold"
            type="number"
            step="0.1"
            inputMode="decimal"
            placeholder={kind === "failure_rate" ? "5" : "90"}
            defaultValue={own.threshold}
          />
        </Field>
      ) : null}
      {kind === "stalled" ? (
        <Field label="Minutes without progress" hint="default 15">
          <Input
            name="minutes"
            type="number"
            step="1"
            inputMode="numeric"
            placeholder="15"
            defaultValue={own.minutes}
          />
        </Field>
      ) : null}
      {kind === "new_error_group" ? (
        <Field label="Runs to compare with" hint="new when none of this many runs before had it; default 5">
          <Input name="runs" type="number" step="1" inputMode="numeric" placeholder="5" defaultValue={own.runs} />
        </Field>
      ) : null}
      {kind === "collector_trouble" ? (
        <Field label="Minutes" hint="without a good pass, or of Klaviyo answering only 429/5xx; default 10">
          <Input
            name="minutes"
            type="number"
            step="1"
            inputMode="numeric"
            placeholder="10"
            defaultValue={own.minutes}
          />
        </Field>
      ) : (
        <Field label="Job type">
          <select className={inputClass} name="type" defaultValue={scopeType}>
            <option value="">All types</option>
            {JOB_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
      )}
      <fieldset className="text-sm sm:col-span-2">
        <legend className="font-medium">Channels</legend>
        {channels.length === 0 ? <p className="text-ink-muted">Add a channel below first.</p> : null}
        <div className="mt-1 flex flex-wrap gap-4">
          {channels.map((channel) => (
            <label key={channel.id} className="flex items-center gap-1">
              <input
                type="checkbox"
                name="channels"
                value={channel.id}
                defaultChecked={initial ? initial.channels.includes(channel.id) : channels.length === 1}
              />
              {channel.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <div className="flex flex-wrap gap-2">
          <Button type="submit" size="md" disabled={pending}>
            {initial ? "Save rule" : "Add rule"}
          </Button>
          {editing ? (
            <Button size="md" onClick={() => editing.close("cancelled")}>
              Cancel
            </Button>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
