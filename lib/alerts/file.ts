/**
 * ALERTS_FILE: alert channels and rules kept in git, as JSON or YAML. Entries have the shapes the
 * /alerts page sends (lib/alerts/channels, lib/alerts/rules), except that a rule names its channels
 * by their names in the file, and every secret field is a reference to an environment variable
 * (`${SLACK_WEBHOOK_URL}`), resolved here at start and kept only in memory: the store holds the
 * shown part of a file channel, never its secret.
 *
 * An entry may say which account it is for (`account: brand-b`, a configured account's name); without
 * it, the default (first) account's. A rule names channels of its own account.
 *
 * Messages name the file and the entry's path (`channels[0].url`) and never echo a value that may be
 * secret. Used by ../env (validated once, at start).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type ChannelKind, channelInput, formatIssues, SECRET_FIELDS, splitChannel } from "./channels";
import { type RuleInput, ruleInput, ruleParams } from "./rules";

/** What the file needs of a configured account. */
export type FileAccount = { name: string; storeId: string };

/** Without a configuration to say otherwise: the one account of a setup with no key. */
const ONE_ACCOUNT: FileAccount[] = [{ name: "default", storeId: "default" }];

export interface FileChannel {
  id: string;
  /** the stored account id */
  account: string;
  name: string;
  kind: ChannelKind;
  settings: Record<string, unknown>;
  /** resolved from the environment: memory only */
  secret: Record<string, string> | null;
}

export interface FileRule {
  id: string;
  /** the stored account id */
  account: string;
  name: string;
  kind: RuleInput["kind"];
  scope: Record<string, unknown>;
  params: Record<string, number>;
  channelIds: string[];
  muted: boolean;
}

export interface AlertsFile {
  path: string;
  channels: FileChannel[];
  rules: FileRule[];
}

export class AlertsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlertsFileError";
  }
}

/** Ids of rows from the file: stable across restarts (derived from the name), never a random UUID. */
export const FILE_RULE_PREFIX = "file-rule-";
export const FILE_CHANNEL_PREFIX = "file-channel-";
const hashOf = (name: string) => createHash("sha256").update(name).digest("hex").slice(0, 20);

export const isFileRowId = (id: string): boolean =>
  id.startsWith(FILE_RULE_PREFIX) || id.startsWith(FILE_CHANNEL_PREFIX);
/**
 * Names are unique within an account; the default account's ids are those of the file before
 * accounts (so its rows keep their ids), another account's include its name.
 */
const idName = (name: string, account?: string) => (account ? `${account}\n${name}` : name);
export const fileRuleId = (name: string, account?: string) => `${FILE_RULE_PREFIX}${hashOf(idName(name, account))}`;
export const fileChannelId = (name: string, account?: string) =>
  `${FILE_CHANNEL_PREFIX}${hashOf(idName(name, account))}`;

const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

const documentSchema = z.strictObject({
  channels: z.array(z.unknown()).default([]),
  rules: z.array(z.unknown()).default([]),
});

function readDocument(path: string): unknown {
  const fail = (message: string): never => {
    throw new AlertsFileError(`${path}: ${message}`);
  };
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
  }
  const json = /\.json$/i.test(path);
  if (!json && !/\.ya?ml$/i.test(path)) fail("must end in .json, .yaml or .yml");
  try {
    // YAML's own errors quote the offending line, which may hold a secret: not shown.
    return json ? JSON.parse(text) : (parseYaml(text) ?? {});
  } catch {
    return fail(`is not valid ${json ? "JSON" : "YAML"}`);
  }
}

/** How an entry is named in a message: its place, and its name when it has one. */
function label(list: "channels" | "rules", index: number, entry: unknown): string {
  const name = (entry as { name?: unknown } | null)?.name;
  return `${list}[${index}]${typeof name === "string" && name.length <= 80 ? ` ("${name}")` : ""}`;
}

/** A channel entry with its `${VAR}` references replaced; literal secrets refused. */
function resolveChannel(entry: unknown, source: Record<string, string | undefined>): unknown {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new AlertsFileError("must be an object with kind and name");
  }
  const fields = entry as Record<string, unknown>;
  const kind = fields.kind as string;
  const secret: readonly string[] = Object.hasOwn(SECRET_FIELDS, kind) ? SECRET_FIELDS[kind as ChannelKind] : [];
  const resolved: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const reference = typeof value === "string" ? REFERENCE.exec(value.trim()) : null;
    if (secret.includes(field) && !reference) {
      throw new AlertsFileError(
        `${field} is secret: write it as a reference to an environment variable, such as \${SLACK_WEBHOOK_URL}, never literally`,
      );
    }
    if (!reference?.[1]) {
      resolved[field] = value;
      continue;
    }
    const variable = reference[1];
    const got = source[variable];
    if (got === undefined || got.trim() === "") {
      throw new AlertsFileError(`${field} refers to \${${variable}}, which is not set`);
    }
    resolved[field] = got.trim();
  }
  return resolved;
}

/**
 * An entry's account (the default one when it names none) and the entry without that field, for the
 * page's own schemas (which know nothing of accounts) to check the rest.
 */
function accountOf(
  entry: unknown,
  accounts: readonly FileAccount[],
): { account: FileAccount; idAccount: string | undefined; rest: unknown } {
  const fallback = { account: accounts[0]!, idAccount: undefined, rest: entry };
  if (typeof entry !== "object" || entry === null || Array.isArray(entry) || !Object.hasOwn(entry, "account")) {
    return fallback;
  }
  const { account: name, ...rest } = entry as Record<string, unknown>;
  const found = accounts.find((account) => account.name === name);
  if (!found) {
    const shown = typeof name === "string" && name.length <= 80 ? `"${name}"` : "it";
    throw new AlertsFileError(
      `account names ${shown}, which is not a configured account (${accounts.map((account) => `"${account.name}"`).join(", ")})`,
    );
  }
  return { account: found, idAccount: found === accounts[0] ? undefined : found.name, rest };
}

/**
 * Reads, validates and resolves ALERTS_FILE for the configured `accounts` (the default first).
 * Throws AlertsFileError naming the file and the field.
 */
export function readAlertsFile(
  path: string,
  source: Record<string, string | undefined>,
  accounts: readonly FileAccount[] = ONE_ACCOUNT,
): AlertsFile {
  const document = documentSchema.safeParse(readDocument(path));
  if (!document.success) {
    throw new AlertsFileError(
      `${path}: ${formatIssues(document.error)} (the file holds "channels" and "rules", both lists)`,
    );
  }
  const fail = (where: string, message: string): never => {
    throw new AlertsFileError(`${path}: ${where}: ${message}`);
  };

  const channels = document.data.channels.map((entry, index): FileChannel => {
    const where = label("channels", index, entry);
    let resolved: unknown;
    let owner: ReturnType<typeof accountOf>;
    try {
      owner = accountOf(entry, accounts);
      resolved = resolveChannel(owner.rest, source);
    } catch (error) {
      return fail(where, (error as Error).message);
    }
    const parsed = channelInput.safeParse(resolved);
    if (!parsed.success) return fail(where, formatIssues(parsed.error));
    const parts = splitChannel(parsed.data);
    return {
      id: fileChannelId(parsed.data.name, owner.idAccount),
      account: owner.account.storeId,
      name: parsed.data.name,
      kind: parsed.data.kind,
      settings: parts.settings,
      secret: parts.secret,
    };
  });
  // A name is unique within its account (stored ids hold no line break).
  const key = (account: string, name: string) => `${account}\n${name}`;
  const byName = new Map<string, string>();
  channels.forEach((channel, index) => {
    const named = key(channel.account, channel.name);
    if (byName.has(named)) fail(`channels[${index}]`, `the name "${channel.name}" is used twice`);
    byName.set(named, channel.id);
  });

  const ruleNames = new Set<string>();
  const rules = document.data.rules.map((entry, index): FileRule => {
    const where = label("rules", index, entry);
    let owner: ReturnType<typeof accountOf>;
    try {
      owner = accountOf(entry, accounts);
    } catch (error) {
      return fail(where, (error as Error).message);
    }
    const parsed = ruleInput.safeParse(owner.rest);
    if (!parsed.success) return fail(where, formatIssues(parsed.error));
    const rule = parsed.data;
    const account = owner.account.storeId;
    if (ruleNames.has(key(account, rule.name))) fail(where, `the name "${rule.name}" is used twice`);
    ruleNames.add(key(account, rule.name));
    const missing = rule.channels.filter((name) => !byName.has(key(account, name)));
    if (missing.length > 0) {
      fail(
        where,
        `channels names ${missing.map((name) => `"${name}"`).join(", ")}, which the file's channels${owner.idAccount ? ` of account "${owner.account.name}"` : ""} do not (a rule in the file names channels of the file, in its own account)`,
      );
    }
    return {
      id: fileRuleId(rule.name, owner.idAccount),
      account,
      name: rule.name,
      kind: rule.kind,
      scope: rule.scope,
      params: ruleParams(rule),
      channelIds: rule.channels.map((name) => byName.get(key(account, name))!),
      muted: rule.muted,
    };
  });
  return { path, channels, rules };
}
