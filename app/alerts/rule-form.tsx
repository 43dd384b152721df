"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RULE_KIND_LABELS, RULE_KINDS, type RuleKind } from "@/lib/alerts/rules";
import { JOB_TYPES } from "@/lib/job-types";
import { Field, Input, inputClass } from "./fields";
import { sendJson } from "./send-json";

/** New rule: what to watch, its threshold, its scope (all jobs or one type) and its channels. */
export function RuleForm({ channels }: { channels: { id: string; name: string }[] }) {
  const router = useRouter();
  const [kind, setKind] = useState<RuleKind>("run_finished");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(form: FormData) {
    const number = (name: string) =>
      form.get(name) === "" || form.get(name) === null ? undefined : Number(form.get(name));
    const type = String(form.get("type") ?? "");
    const body = {
      name: String(form.get("name") ?? ""),
      kind,
      scope: type && kind !== "collector_trouble" ? { kind: "type", type } : { kind: "all" },
      channels: form.getAll("channels").map(String),
      ...(kind === "failure_rate" || kind === "in_progress_share" ? { threshold: number("threshold") } : {}),
      ...(kind === "stalled" || kind === "collector_trouble" ? { minutes: number("minutes") } : {}),
      ...(kind === "new_error_group" ? { runs: number("runs") } : {}),
    };
    startTransition(async () => {
      const problem = await sendJson("POST", "/api/alerts/rules", body);
      setError(problem);
      if (!problem) router.refresh();
    });
  }

  return (
    <form
      action={submit}
      className="grid gap-3 rounded-lg border border-line bg-surface p-4 sm:grid-cols-2"
      aria-label="New rule"
    >
      <h3 className="font-semibold sm:col-span-2">New rule</h3>
      <Field label="Name">
        <Input name="name" required maxLength={80} />
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
            name="threshold"
            type="number"
            step="0.1"
            inputMode="decimal"
            placeholder={kind === "failure_rate" ? "5" : "90"}
          />
        </Field>
      ) : null}
      {kind === "stalled" ? (
        <Field label="Minutes without progress" hint="default 15">
          <Input name="minutes" type="number" step="1" inputMode="numeric" placeholder="15" />
        </Field>
      ) : null}
      {kind === "new_error_group" ? (
        <Field label="Runs to compare with" hint="new when none of this many runs before had it; default 5">
          <Input name="runs" type="number" step="1" inputMode="numeric" placeholder="5" />
        </Field>
      ) : null}
      {kind === "collector_trouble" ? (
        <Field label="Minutes" hint="without a good pass, or of Klaviyo answering only 429/5xx; default 10">
          <Input name="minutes" type="number" step="1" inputMode="numeric" placeholder="10" />
        </Field>
      ) : (
        <Field label="Job type">
          <select className={inputClass} name="type" defaultValue="">
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
              <input type="checkbox" name="channels" value={channel.id} defaultChecked={channels.length === 1} />
              {channel.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="sm:col-span-2">
        <Button type="submit" size="md" disabled={pending}>
          Add rule
        </Button>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
