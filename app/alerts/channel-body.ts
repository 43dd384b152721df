import type { ChannelKind } from "@/lib/alerts/channels";

/**
 * A channel form's fields as the API takes them. With `keep` (editing, kind unchanged) a blank
 * secret field is left out, which the server reads as "keep the stored one"; an SMTP password goes
 * with its user, and an edit without a user clears it (a password for nobody is of no use).
 */
export function channelBody(kind: ChannelKind, form: FormData, editing: boolean, keep: boolean) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const secret = (name: string) => {
    const value = String(form.get(name) ?? "");
    return value === "" && keep ? {} : { [name]: name === "password" ? value : value.trim() };
  };
  if (kind === "email") {
    return {
      kind,
      name: text("name"),
      host: text("host"),
      port: Number(text("port") || 587),
      secure: form.get("secure") === "on",
      ...(text("user") ? { user: text("user"), ...secret("password") } : editing ? { password: "" } : {}),
      from: text("from"),
      to: text("to")
        .split(/[,\s]+/)
        .filter(Boolean),
    };
  }
  if (kind === "webhook") return { kind, name: text("name"), ...secret("url"), ...secret("signingSecret") };
  return { kind, name: text("name"), ...secret("url") };
}
