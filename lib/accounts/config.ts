/**
 * The Klaviyo accounts the dashboard watches, from the configuration: `KLAVIYO_ACCOUNTS`
 * (`brand-a:pk_…,brand-b:pk_…`), or `KLAVIYO_ACCOUNTS_FILE` (JSON or YAML), or else one account:
 * `KLAVIYO_API_KEY`, or the built-in simulator without it. The first account is the default one,
 * the one a link without `/a/{account}` opens. A key may be `simulator`: that account runs on a
 * simulator of its own, seeded apart from the others (so the whole feature runs with no key).
 *
 * Messages name the variable and the entry (by its name, or its place when the name is unusable)
 * and never echo a key. Used by ../env (validated once, at start).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { keyFingerprint } from "../klaviyo/secret";

export interface Account {
  /** the account's name in URLs (`/a/{name}/…`): a slug; `default` for the one account of KLAVIYO_API_KEY */
  name: string;
  /** the private key, or null for an account on the built-in simulator */
  apiKey: string | null;
  /** the simulator's seed (used only when `apiKey` is null) */
  seed: number;
  /** what its stored rows carry: from the key's fingerprint (never the key), so renaming keeps history */
  storeId: string;
  upstream: "klaviyo" | "simulator";
}

/** A slug: lower-case letters, digits and inner hyphens, at most 40 characters. */
export const ACCOUNT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const API_KEY = /^pk_[A-Za-z0-9_-]{6,}$/;
const SIMULATED = "simulator";

export class AccountsError extends Error {
  constructor(
    readonly variable: "KLAVIYO_ACCOUNTS" | "KLAVIYO_ACCOUNTS_FILE" | "KLAVIYO_API_KEY",
    message: string,
  ) {
    super(message);
    this.name = "AccountsError";
  }
}

/** What the stored rows of the one account of today's configuration carry (unchanged by this module). */
export function singleStoreId(apiKey: string | undefined): string {
  return apiKey ? `key-${keyFingerprint(apiKey)}` : "default";
}

interface Entry {
  name: unknown;
  key: unknown;
  seed?: unknown;
}

/** How an entry is named in a message: its name when that is a usable slug, else its place in the list. */
function label(entry: Entry, index: number): string {
  return typeof entry.name === "string" && ACCOUNT_NAME.test(entry.name)
    ? `account "${entry.name}"`
    : `entry ${index + 1}`;
}

function fromEntries(
  entries: Entry[],
  variable: "KLAVIYO_ACCOUNTS" | "KLAVIYO_ACCOUNTS_FILE",
  baseSeed: number,
): Account[] {
  const fail = (message: string): never => {
    throw new AccountsError(variable, message);
  };
  if (entries.length === 0) fail("names no account");
  const names = new Set<string>();
  const keys = new Map<string, string>();
  return entries.map((entry, index) => {
    const which = label(entry, index);
    const { name, key } = entry;
    if (typeof name !== "string" || !ACCOUNT_NAME.test(name)) {
      // A key written where the name goes must not be echoed: only a harmless-looking name is quoted.
      const shown =
        typeof name === "string" && /^[A-Za-z0-9._-]{1,40}$/.test(name) && !name.includes("pk_") ? ` ("${name}")` : "";
      fail(
        `${which}: the name${shown} must be lower-case letters, digits and hyphens (a slug such as brand-a), at most 40 characters`,
      );
    }
    const slug = name as string;
    if (names.has(slug)) fail(`${which} is named twice`);
    names.add(slug);
    let seed = baseSeed + index;
    if (entry.seed !== undefined) {
      const given = typeof entry.seed === "string" ? Number(entry.seed) : entry.seed;
      if (typeof given !== "number" || !Number.isInteger(given)) fail(`${which}: the seed must be an integer`);
      seed = given as number;
    }
    if (key === SIMULATED) {
      return { name: slug, apiKey: null, seed, storeId: `simulator-${slug}`, upstream: "simulator" as const };
    }
    if (typeof key !== "string" || !API_KEY.test(key)) {
      return fail(
        `${which}: the key must be a Klaviyo private key (pk_ followed by letters and digits) or "simulator"`,
      );
    }
    if (entry.seed !== undefined) fail(`${which}: a seed is for "simulator" accounts only`);
    const same = keys.get(key);
    if (same) fail(`${which} has the same key as account "${same}" (one account, one key)`);
    keys.set(key, slug);
    return { name: slug, apiKey: key, seed, storeId: singleStoreId(key), upstream: "klaviyo" as const };
  });
}

/** `brand-a:pk_…,brand-b:simulator,brand-c:simulator:7` (a simulated account may name its seed). */
function fromList(value: string, baseSeed: number): Account[] {
  const entries = value
    .split(",")
    .map((part) => part.trim())
    .map((part, index): Entry => {
      const [name, key, seed, ...rest] = part.split(":").map((piece) => piece.trim());
      if (!name || !key || rest.length > 0 || (seed !== undefined && key !== SIMULATED)) {
        throw new AccountsError(
          "KLAVIYO_ACCOUNTS",
          `entry ${index + 1} is not name:key (or name:simulator[:seed]), entries separated by commas`,
        );
      }
      return { name, key, seed };
    });
  return fromEntries(entries, "KLAVIYO_ACCOUNTS", baseSeed);
}

const fileSchema = z.object({
  accounts: z.array(z.object({ name: z.unknown(), key: z.unknown(), seed: z.unknown().optional() })),
});

/** `{ "accounts": [{ "name": "brand-a", "key": "pk_…" }, { "name": "brand-b", "key": "simulator", "seed": 7 }] }`, or the same in YAML. */
function fromFile(path: string, baseSeed: number): Account[] {
  const fail = (message: string): never => {
    throw new AccountsError("KLAVIYO_ACCOUNTS_FILE", message);
  };
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
  }
  let document: unknown;
  try {
    // JSON is YAML too; YAML's own errors quote the offending line, which may hold a key: not shown.
    document = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch {
    fail(`${path} is not valid ${/\.json$/i.test(path) ? "JSON" : "YAML or JSON"}`);
  }
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success)
    return fail(`${path} must hold "accounts": a list of { name, key } (key "simulator" for the simulator)`);
  return fromEntries(parsed.data.accounts, "KLAVIYO_ACCOUNTS_FILE", baseSeed);
}

export interface AccountSources {
  KLAVIYO_API_KEY?: string;
  KLAVIYO_ACCOUNTS?: string;
  KLAVIYO_ACCOUNTS_FILE?: string;
  SIMULATOR_SEED: number;
}

/** The configured accounts, the default first. Throws AccountsError naming what is wrong. */
export function readAccounts(source: AccountSources): Account[] {
  const given = [
    source.KLAVIYO_API_KEY && "KLAVIYO_API_KEY",
    source.KLAVIYO_ACCOUNTS && "KLAVIYO_ACCOUNTS",
    source.KLAVIYO_ACCOUNTS_FILE && "KLAVIYO_ACCOUNTS_FILE",
  ].filter(Boolean);
  if (given.length > 1) {
    throw new AccountsError(
      source.KLAVIYO_ACCOUNTS_FILE ? "KLAVIYO_ACCOUNTS_FILE" : "KLAVIYO_ACCOUNTS",
      `set only one of ${given.join(" and ")} (several accounts name each key in one place)`,
    );
  }
  if (source.KLAVIYO_ACCOUNTS) return fromList(source.KLAVIYO_ACCOUNTS, source.SIMULATOR_SEED);
  if (source.KLAVIYO_ACCOUNTS_FILE) return fromFile(source.KLAVIYO_ACCOUNTS_FILE, source.SIMULATOR_SEED);
  const apiKey = source.KLAVIYO_API_KEY ?? null;
  return [
    {
      name: "default",
      apiKey,
      seed: source.SIMULATOR_SEED,
      storeId: singleStoreId(source.KLAVIYO_API_KEY),
      upstream: apiKey ? "klaviyo" : "simulator",
    },
  ];
}
