"use client";

import { useId } from "react";
import { useCanChange } from "@/components/role";
import type { ChannelView } from "@/lib/alerts/types";
import { ChannelActions } from "./actions";
import { ChannelForm } from "./channel-form";
import { cell, EditButton, EditRow, FromFile, ReadOnlyNote } from "./table-cells";
import { useRowEditor } from "./use-row-editor";

/** One channel, and under it (after Edit) its form; a channel from ALERTS_FILE is only tested here. */
export function ChannelRow({ channel, secretsBlocked }: { channel: ChannelView; secretsBlocked: boolean }) {
  const canChange = useCanChange();
  const { open, button, editing, start } = useRowEditor(
    channel,
    `The channel "${channel.name}" was deleted meanwhile, so it could not be saved; the list is up to date again.`,
  );
  const formId = useId();
  return (
    <>
      <tr data-testid="channel-row">
        <td className={cell}>
          {channel.name}
          {channel.readOnly ? <FromFile /> : null}
        </td>
        <td className={cell}>{channel.kind}</td>
        <td className={`${cell} break-all`}>
          {channel.secret}
          {channel.kind === "email" ? (
            <span className="block text-xs text-ink-muted">
              {String(channel.settings.host)} → {(channel.settings.to as string[]).join(", ")}
            </span>
          ) : null}
        </td>
        <td className={cell}>
          {channel.state === "broken" ? <span className="text-danger">broken: {channel.brokenReason}</span> : "ok"}
        </td>
        <td className={cell}>
          {canChange ? (
            <div className="flex flex-wrap gap-2">
              {channel.readOnly ? null : (
                <EditButton
                  ref={button}
                  label={`Edit channel ${channel.name}`}
                  open={open}
                  controls={formId}
                  onClick={start}
                />
              )}
              <ChannelActions id={channel.id} name={channel.name} readOnly={channel.readOnly} />
            </div>
          ) : null}
          {canChange && channel.readOnly ? <ReadOnlyNote /> : null}
        </td>
      </tr>
      {editing ? (
        <EditRow id={formId} columns={5}>
          <ChannelForm secretsBlocked={secretsBlocked} editing={editing} />
        </EditRow>
      ) : null}
    </>
  );
}
