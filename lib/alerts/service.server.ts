import "server-only";
/**
 * What the alert routes and the /alerts page do, in one place: parse input (refused with a clear
 * `bad_request`, changing nothing), write the store, note who changed what in the change log, and
 * shape rows for the browser. Channel secrets are sealed on the way in and never come back out: the
 * browser sees the URL's host and a masked placeholder.
 */
import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { currentAccount } from "../accounts/current.server";
import { readSessionToken, SESSION_COOKIE } from "../auth/session";
import { getEnv } from "../env";
import { ApiError } from "../http/errors";
import * as channelsStore from "../store/alert-channels";
import * as rulesStore from "../store/alert-rules";
import { decideEvent, deliveryHistory } from "../store/alerts";
import { insertAudit } from "../store/audit";
import type { Db } from "../store/open";
import { alertChanges } from "../store/schema";
import { currentStore } from "../store/shared";
import { channelInput, formatIssues, splitChannel } from "./channels";
import { joinChanges, secretChanges, shownChanges } from "./edit-summary";
import { isFileRowId } from "./file";
import { omittedSecretFields, withKeptSecrets } from "./keep-secrets";
import { dashboardLink, linkBase } from "./message";
import { ruleInput, ruleParams } from "./rules";
import { openSecret, sealSecret } from "./secret-box.server";
import { alertsKey, kickAlertWorker } from "./shared.server";
import type { AlertChange, ChannelView, RuleView } from "./types";

export function alertsDb(): Db {
  const store = currentStore();
  if (!store)
    throw new ApiError("store_unavailable", "The store is not available: alerts cannot be read or changed now.");
  return store.db;
}

/**
 * One account's alerts: every read and write below is of its rows only, so another account's id
 * answers as an unknown one does (404).
 */
export interface AlertScope {
  db: Db;
  /** the stored account id its rows carry */
  account: string;
  /** the account's name (in the audit log) */
  name: string;
  /** what the links of its messages start with (PUBLIC_URL and `/a/{account}` with several accounts) */
  linkBase: string | undefined;
}

/** The current request's account's alerts (the default account's outside a request). */
export async function alertScope(db: Db = alertsDb()): Promise<AlertScope> {
  const env = getEnv();
  const account = await currentAccount();
  return {
    db,
    account: account.storeId,
    name: account.name,
    linkBase: linkBase(env.PUBLIC_URL, account.name, env.accounts.length),
  };
}

/** Who is asking: the signed-in name, or "anonymous" when sign-in is off. */
export function actorOf(request: Request): string {
  const env = getEnv();
  if (!env.authEnabled) return "anonymous";
  const cookie = request.headers
    .get("cookie")
    ?.split(/;\s*/)
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  const session = readSessionToken(cookie, env.SESSION_SECRET ?? "");
  if (!session) throw new ApiError("unauthorized", "Sign in to change alerts.");
  return session.user;
}

export async function readJsonBody(request: Request): Promise<unknown> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new ApiError("bad_request", "send the body as application/json");
  }
  try {
    return await request.json();
  } catch {
    throw new ApiError("bad_request", "the body is not JSON");
  }
}

async function logChange({ db, account, name }: AlertScope, change: Omit<AlertChange, "id" | "at">): Promise<void> {
  await db.insert(alertChanges).values({ id: randomUUID(), account, at: new Date(), ...change });
  // The audit log holds every kind of change; alerts keep their own log for the page as well.
  await insertAudit(db, {
    actor: change.by,
    action: "change",
    account: name,
    target: `alert ${change.target} ${change.targetId}`,
    detail: `${change.action}: ${change.summary}`,
  });
}

export async function listChanges({ db, account }: AlertScope, limit = 50): Promise<AlertChange[]> {
  const rows = await db
    .select({
      id: alertChanges.id,
      at: alertChanges.at,
      by: alertChanges.by,
      target: alertChanges.target,
      targetId: alertChanges.targetId,
      action: alertChanges.action,
      summary: alertChanges.summary,
    })
    .from(alertChanges)
    .where(eq(alertChanges.account, account))
    .orderBy(desc(alertChanges.at))
    .limit(limit);
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}

/** Rows from ALERTS_FILE are shown, not changed: the file is where they change. */
function refuseFileRow(target: "rule" | "channel", row: { id: string; name: string }): void {
  if (isFileRowId(row.id)) {
    throw new ApiError(
      "forbidden",
      `The ${target} "${row.name}" comes from ALERTS_FILE: change it in that file (it applies at the next start).`,
    );
  }
}

/* Channels ------------------------------------------------------------------------------------ */

function channelView(row: channelsStore.ChannelRow): ChannelView {
  const settings = row.settings as Record<string, unknown>;
  // A file channel's secret is not stored: whether an email one has a password is not known here.
  const fromFile = isFileRowId(row.id);
  const masked =
    row.kind === "email"
      ? fromFile
        ? "password (if any) from the environment"
        : row.secret
          ? "password ••••"
          : "no password"
      : `https://${String(settings.host ?? "")}/••••${row.kind === "webhook" ? ", signing secret whsec_••••" : ""}${fromFile ? " (from the environment)" : ""}`;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelView["kind"],
    settings,
    secret: masked,
    state: row.state as ChannelView["state"],
    brokenReason: row.brokenReason,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    readOnly: fromFile,
  };
}

/** Why channels with secrets cannot be saved here, or null when they can. */
export function secretKeyProblem(): string | null {
  return alertsKey()
    ? null
    : "ALERTS_SECRET_KEY is not set, so channels with secrets (webhook and Slack URLs, SMTP passwords) cannot be saved. Set it to 32 random bytes (`openssl rand -base64 32`) and restart.";
}

function parseChannel(body: unknown) {
  const parsed = channelInput.safeParse(body);
  if (!parsed.success) throw new ApiError("bad_request", `The channel is not valid: ${formatIssues(parsed.error)}.`);
  const parts = splitChannel(parsed.data);
  let secret: string | null = null;
  if (parts.secret) {
    const problem = secretKeyProblem();
    if (problem) throw new ApiError("bad_request", problem);
    secret = sealSecret(alertsKey(), JSON.stringify(parts.secret));
  }
  return { input: parsed.data, settings: parts.settings, secret, plainSecret: parts.secret };
}

/**
 * A channel's stored secret in the clear, to keep what an edit leaves out. When it cannot be opened
 * (the key was changed or removed) an edit that needs it is refused; one that gives every secret is not.
 */
function storedSecret(row: channelsStore.ChannelRow, needed: boolean): Record<string, string> | null {
  if (!row.secret) return null;
  try {
    return JSON.parse(openSecret(alertsKey(), row.secret)) as Record<string, string>;
  } catch {
    if (!needed) return null;
    throw new ApiError(
      "bad_request",
      "The channel's stored secret cannot be read (ALERTS_SECRET_KEY is unset or not the key it was saved with): give its secrets again.",
    );
  }
}

export async function listChannelViews({ db, account }: AlertScope): Promise<ChannelView[]> {
  return (await channelsStore.listChannels(db, account)).map(channelView);
}

export async function getChannelView({ db, account }: AlertScope, id: string): Promise<ChannelView> {
  const row = await channelsStore.getChannel(db, account, id);
  if (!row) throw new ApiError("not_found", "There is no such channel.");
  return channelView(row);
}

export async function createChannel(scope: AlertScope, body: unknown, by: string): Promise<ChannelView> {
  const { input, settings, secret } = parseChannel(body);
  const row = await channelsStore.insertChannel(scope.db, {
    account: scope.account,
    name: input.name,
    kind: input.kind,
    settings,
    secret,
    by,
    at: new Date(),
  });
  await logChange(scope, {
    by,
    target: "channel",
    targetId: row.id,
    action: "created",
    summary: `${input.kind} channel "${input.name}"`,
  });
  return channelView(row);
}

/**
 * A PUT replaces the channel, except its secret fields: one left out keeps its stored value (the
 * page never has it), so renaming a webhook does not need its signing secret again.
 */
export async function replaceChannel(scope: AlertScope, id: string, body: unknown, by: string): Promise<ChannelView> {
  const { db, account } = scope;
  const before = await channelsStore.getChannel(db, account, id);
  if (!before) throw new ApiError("not_found", "There is no such channel.");
  refuseFileRow("channel", before);
  const stored = storedSecret(before, omittedSecretFields(body, before.kind).length > 0);
  const { input, settings, secret, plainSecret } = parseChannel(withKeptSecrets(body, before.kind, stored));
  const row = await channelsStore.updateChannel(db, id, {
    account,
    name: input.name,
    kind: input.kind,
    settings,
    secret,
    by,
    at: new Date(),
  });
  if (!row) throw new ApiError("not_found", "There is no such channel.");
  const changes = [
    ...shownChanges(
      { name: before.name, kind: before.kind, ...(before.settings as Record<string, unknown>) },
      { name: input.name, kind: input.kind, ...settings },
    ),
    ...secretChanges(input.kind, before.kind === input.kind ? stored : null, plainSecret),
  ];
  await logChange(scope, {
    by,
    target: "channel",
    targetId: id,
    action: "updated",
    summary: `${input.kind} channel "${input.name}": ${joinChanges(changes)}`,
  });
  return channelView(row);
}

export async function removeChannel(scope: AlertScope, id: string, by: string): Promise<void> {
  const { db, account } = scope;
  const channel = await channelsStore.getChannel(db, account, id);
  if (!channel) throw new ApiError("not_found", "There is no such channel.");
  refuseFileRow("channel", channel);
  // A rule uses only channels of its own account.
  const users = (await rulesStore.listRules(db, account)).filter((rule) => rule.channelIds.includes(id));
  if (users.length > 0) {
    throw new ApiError(
      "bad_request",
      `The channel is used by ${users.map((rule) => `"${rule.name}"`).join(", ")}: take it out of those rules first.`,
    );
  }
  await channelsStore.deleteChannel(db, account, id);
  await logChange(scope, {
    by,
    target: "channel",
    targetId: id,
    action: "deleted",
    summary: `channel "${channel.name}"`,
  });
}

/** "Send a test": a test event through the outbox to this channel alone; it shows in the history. */
export async function testChannel(scope: AlertScope, id: string, by: string): Promise<{ eventId: string }> {
  const { db, account } = scope;
  const channel = await channelsStore.getChannel(db, account, id);
  if (!channel) throw new ApiError("not_found", "There is no such channel.");
  const message = {
    title: `Test from the bulk-job dashboard, sent by ${by}`,
    lines: [`If you read this, channel "${channel.name}" works.`],
    link: dashboardLink(scope.linkBase, "/alerts"),
    numbers: {},
  };
  // A broken channel is given another chance by a test.
  if (channel.state === "broken") {
    await channelsStore.updateChannel(db, id, {
      account,
      name: channel.name,
      kind: channel.kind,
      settings: channel.settings,
      secret: channel.secret,
      by,
      at: new Date(),
    });
  }
  const eventId = await decideEvent(db, {
    account,
    ruleId: "test",
    subject: `test:${randomUUID()}`,
    kind: "test",
    title: message.title,
    message,
    channelIds: [id],
    at: new Date(),
  });
  await logChange(scope, {
    by,
    target: "channel",
    targetId: id,
    action: "tested",
    summary: `test sent to "${channel.name}"`,
  });
  kickAlertWorker();
  return { eventId: eventId! };
}

/* Rules --------------------------------------------------------------------------------------- */

function ruleView(row: rulesStore.RuleRow): RuleView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RuleView["kind"],
    scope: row.scope as RuleView["scope"],
    params: row.params as Record<string, number>,
    channels: row.channelIds,
    muted: row.muted,
    oneOff: row.oneOff,
    doneAt: row.doneAt ? row.doneAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    readOnly: isFileRowId(row.id),
  };
}

async function parseRule({ db, account }: AlertScope, body: unknown) {
  const parsed = ruleInput.safeParse(body);
  if (!parsed.success) throw new ApiError("bad_request", `The rule is not valid: ${formatIssues(parsed.error)}.`);
  // Another account's channel is refused as an unknown one: its name is not this account's to see.
  const known = new Set((await channelsStore.listChannels(db, account)).map((channel) => channel.id));
  const unknown = parsed.data.channels.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new ApiError(
      "bad_request",
      `The rule is not valid: no channel ${unknown.map((id) => `"${id}"`).join(", ")}.`,
    );
  return parsed.data;
}

export async function listRuleViews({ db, account }: AlertScope): Promise<RuleView[]> {
  return (await rulesStore.listRules(db, account)).map(ruleView);
}

export async function getRuleView({ db, account }: AlertScope, id: string): Promise<RuleView> {
  const row = await rulesStore.getRule(db, account, id);
  if (!row) throw new ApiError("not_found", "There is no such rule.");
  return ruleView(row);
}

export async function createRule(scope: AlertScope, body: unknown, by: string, oneOff = false): Promise<RuleView> {
  const input = await parseRule(scope, body);
  const row = await rulesStore.insertRule(scope.db, {
    account: scope.account,
    name: input.name,
    kind: input.kind,
    scope: input.scope,
    params: ruleParams(input),
    channelIds: input.channels,
    muted: input.muted,
    oneOff,
    by,
    at: new Date(),
  });
  await logChange(scope, {
    by,
    target: "rule",
    targetId: row.id,
    action: "created",
    summary: `${oneOff ? "watch" : "rule"} "${input.name}" (${input.kind})`,
  });
  return ruleView(row);
}

export async function replaceRule(scope: AlertScope, id: string, body: unknown, by: string): Promise<RuleView> {
  const { db, account } = scope;
  const before = await rulesStore.getRule(db, account, id);
  if (!before) throw new ApiError("not_found", "There is no such rule.");
  refuseFileRow("rule", before);
  const input = await parseRule(scope, body);
  const params = ruleParams(input);
  const row = await rulesStore.updateRule(db, id, {
    account,
    name: input.name,
    kind: input.kind,
    scope: input.scope,
    params,
    channelIds: input.channels,
    muted: input.muted,
    by,
    at: new Date(),
  });
  if (!row) throw new ApiError("not_found", "There is no such rule.");
  const names = new Map((await channelsStore.listChannels(db, account)).map((channel) => [channel.id, channel.name]));
  const shown = (rule: { name: string; kind: string; scope: unknown; params: unknown; channels: string[] }) => ({
    name: rule.name,
    kind: rule.kind,
    scope: rule.scope,
    ...(rule.params as Record<string, unknown>),
    channels: rule.channels.map((channelId) => names.get(channelId) ?? "(deleted)"),
  });
  const changes = shownChanges(
    shown({ ...before, channels: before.channelIds }),
    shown({ ...input, params, channels: input.channels }),
  );
  // Mute and unmute are their own words in the log; any other change is an update that says what.
  const action = changes.length === 0 && before.muted !== input.muted ? (input.muted ? "muted" : "unmuted") : "updated";
  if (before.muted !== input.muted) changes.push(input.muted ? "muted" : "unmuted");
  await logChange(scope, {
    by,
    target: "rule",
    targetId: id,
    action,
    summary: `rule "${input.name}" (${input.kind})${action === "updated" ? `: ${joinChanges(changes)}` : ""}`,
  });
  return ruleView(row);
}

export async function removeRule(scope: AlertScope, id: string, by: string): Promise<void> {
  const { db, account } = scope;
  const before = await rulesStore.getRule(db, account, id);
  if (before) refuseFileRow("rule", before);
  if (!before || !(await rulesStore.deleteRule(db, account, id)))
    throw new ApiError("not_found", "There is no such rule.");
  await logChange(scope, { by, target: "rule", targetId: id, action: "deleted", summary: `rule "${before.name}"` });
}

/** The account's newest deliveries first. */
export async function listDeliveries({ db, account }: AlertScope, limit = 100) {
  return deliveryHistory(db, account, limit);
}

/** Every channel's id: a watch from a job or run page tells every channel (of its account). */
export async function allChannelIds({ db, account }: AlertScope): Promise<string[]> {
  return (await channelsStore.listChannels(db, account)).map((channel) => channel.id);
}

const watchInput = z.union([
  z.strictObject({ job: z.strictObject({ type: z.string(), id: z.string() }) }),
  z.strictObject({ run: z.strictObject({ from: z.string(), to: z.string() }) }),
]);

/** The query string of `GET /api/alerts/watch`: `job=<type>/<id>`, or `from=` and `to=` for a run. */
function watchTarget(
  search: URLSearchParams,
): { kind: "job"; type: string; id: string } | { kind: "run"; from: number; to: number } {
  const job = search.get("job");
  if (job) {
    const [type, id, ...rest] = job.split("/");
    if (type && id && rest.length === 0) return { kind: "job", type, id };
  } else {
    const from = Date.parse(search.get("from") ?? "");
    const to = Date.parse(search.get("to") ?? "");
    if (Number.isFinite(from) && Number.isFinite(to)) return { kind: "run", from, to };
  }
  throw new ApiError("bad_request", "ask with job=<type>/<id>, or with from= and to= (ISO times) for a run");
}

/** Whether a watch on this job or run is waiting to fire: what the Watch button shows after a reload. */
export async function watchState({ db, account }: AlertScope, search: URLSearchParams): Promise<{ watching: boolean }> {
  const target = watchTarget(search);
  const rules = await rulesStore.listRules(db, account);
  const watching = rules.some((rule) => {
    if (!rule.oneOff || rule.doneAt) return false;
    const scope = rule.scope as { kind: string; type?: string; id?: string; from?: string; to?: string };
    if (target.kind === "job") return scope.kind === "job" && scope.type === target.type && scope.id === target.id;
    return (
      scope.kind === "run" && Date.parse(scope.from ?? "") === target.from && Date.parse(scope.to ?? "") === target.to
    );
  });
  return { watching };
}

/** "Watch": a one-off rule telling every channel when one job or one run finishes. */
export async function watch(scope: AlertScope, body: unknown, by: string): Promise<RuleView> {
  const parsed = watchInput.safeParse(body);
  if (!parsed.success) throw new ApiError("bad_request", 'send {"job": {"type", "id"}} or {"run": {"from", "to"}}');
  const channels = await allChannelIds(scope);
  if (channels.length === 0)
    throw new ApiError("bad_request", "There is no alert channel yet: add one on the Alerts page first.");
  const target = parsed.data;
  const rule =
    "job" in target
      ? { name: `Watch job ${target.job.type} ${target.job.id}`, scope: { kind: "job", ...target.job } }
      : { name: `Watch the run from ${target.run.from}`, scope: { kind: "run", ...target.run } };
  return createRule(scope, { ...rule, kind: "run_finished", channels }, by, true);
}
