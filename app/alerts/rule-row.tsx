"use client";

import { useId } from "react";
import { useCanChange } from "@/components/role";
import { RULE_KIND_LABELS } from "@/lib/alerts/rules";
import type { RuleView } from "@/lib/alerts/types";
import { RuleActions } from "./actions";
import { RuleForm } from "./rule-form";
import { paramsText, scopeText } from "./rule-text";
import { cell, EditButton, EditRow, FromFile, ReadOnlyNote } from "./table-cells";
import { useRowEditor } from "./use-row-editor";

/**
 * One rule, and under it (after Edit) its form. A watch from a job or run page is not edited here:
 * its scope is one job or run, which the form cannot name.
 */
export function RuleRow({ rule, channels }: { rule: RuleView; channels: { id: string; name: string }[] }) {
  const { open, button, editing, start } = useRowEditor(
    rule,
    `The rule "${rule.name}" was deleted meanwhile, so it could not be saved; the list is up to date again.`,
  );
  const formId = useId();
  const channelName = new Map(channels.map((channel) => [channel.id, channel.name]));
  const editable = !rule.readOnly && !rule.oneOff;
  const canChange = useCanChange();
  return (
    <>
      <tr data-testid="rule-row">
        <td className={cell}>
          {rule.name}
          {rule.muted ? <span className="ml-2 text-xs text-ink-muted">(muted)</span> : null}
          {rule.oneOff ? (
            <span className="ml-2 text-xs text-ink-muted">{rule.doneAt ? "(watch, done)" : "(watch)"}</span>
          ) : null}
          {rule.readOnly ? <FromFile /> : null}
        </td>
        <td className={cell}>
          {RULE_KIND_LABELS[rule.kind]}
          <span className="block text-xs text-ink-muted">{paramsText(rule)}</span>
        </td>
        <td className={cell}>{scopeText(rule)}</td>
        <td className={cell}>{rule.channels.map((id) => channelName.get(id) ?? "(deleted)").join(", ")}</td>
        <td className={cell}>
          <span className="block">{rule.updatedBy ?? "—"}</span>
          <time className="text-xs text-ink-muted" dateTime={rule.updatedAt}>
            {rule.updatedAt.replace("T", " ").slice(0, 16)} UTC
          </time>
        </td>
        <td className={cell}>
          {!canChange ? null : rule.readOnly ? (
            <ReadOnlyNote />
          ) : (
            <div className="flex flex-wrap gap-2">
              {editable ? (
                <EditButton
                  ref={button}
                  label={`Edit rule ${rule.name}`}
                  open={open}
                  controls={formId}
                  onClick={start}
                />
              ) : null}
              <RuleActions rule={rule} />
            </div>
          )}
        </td>
      </tr>
      {editing ? (
        <EditRow id={formId} columns={6}>
          <RuleForm channels={channels} editing={editing} />
        </EditRow>
      ) : null}
    </>
  );
}
