/**
 * Configuration, validated once. Import `env` (server code) or call `loadEnv` (scripts, tests); never
 * read `process.env` elsewhere. Error messages name the variable but never echo the API key.
 */
import { z } from "zod";
import { type Account, AccountsError, API_KEY, readAccounts } from "./accounts/config";
import { type AlertsFile, AlertsFileError, readAlertsFile } from "./alerts/file";
import { type AccessConfig, AccessConfigError, parseGroupRoles, parseUserEntries } from "./auth/access";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, DEFAULT_MAX_WAIT_MS } from "./http/admission.mjs";
import { isLoopbackHost } from "./loopback";

export const DEFAULT_BASE_URL = "https://a.klaviyo.com";
export const DEFAULT_REVISION = "2026-10-15";
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A fraction of each endpoint's Klaviyo limit, written as a decimal such as 0.5. */
const fraction = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: `must be a number above 0 and at most 1, such as ${fallback}` })
      .refine((n) => n > 0 && n <= 1, { message: `must be above 0 and at most 1, such as ${fallback}` })
      .default(fallback),
  );

/** The 32-byte key ALERTS_SECRET_KEY names, or null when it is not one. */
export function secretKeyBytes(value: string): Buffer | null {
  const trimmed = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (!/^[A-Za-z0-9+/]{42,43}=?$/.test(trimmed) && !/^[A-Za-z0-9_-]{43}$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, "base64");
  return bytes.length === 32 ? bytes : null;
}

/** A whole number within [min, max], blank meaning `fallback`. */
const wholeNumber = (fallback: number, min: number, max: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: `must be a whole number from ${min} to ${max}, such as ${fallback}` })
      .int({ message: `must be a whole number from ${min} to ${max}, such as ${fallback}` })
      .min(min, { message: `must be a whole number from ${min} to ${max}, such as ${fallback}` })
      .max(max, { message: `must be a whole number from ${min} to ${max}, such as ${fallback}` })
      .default(fallback),
  );

const schema = z.object({
  KLAVIYO_API_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(API_KEY, {
        message: "must be a Klaviyo private key: pk_ followed by letters and digits",
      })
      .optional(),
  ),
  // Several accounts: `name:key` pairs, or a JSON/YAML file of them (./accounts/config reads both).
  KLAVIYO_ACCOUNTS: z.preprocess(blankToUndefined, z.string().optional()),
  KLAVIYO_ACCOUNTS_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  KLAVIYO_BASE_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://a.klaviyo.com" })
      .transform((url) => url.replace(/\/+$/, ""))
      .default(DEFAULT_BASE_URL),
  ),
  KLAVIYO_REVISION: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/, { message: "must be a revision date such as 2026-10-15" })
      .default(DEFAULT_REVISION),
  ),
  // The key's quota is the whole account's; the merchant's own sync spends it too.
  KLAVIYO_SHARE: fraction(0.5),
  // Background work (the collector, exports of whole runs) spends at most this, within KLAVIYO_SHARE.
  COLLECTOR_SHARE: fraction(0.25),
  REDIS_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^rediss?$/, message: "must be a redis:// or rediss:// URL" }).optional(),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: "must be a port number" })
      .int({ message: "must be a whole port number" })
      .min(1, { message: "must be between 1 and 65535" })
      .max(65535, { message: "must be between 1 and 65535" })
      .default(3000),
  ),
  HOST: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.:\[\]-]+$/, { message: "must be a host name or IP address to listen on" })
      .default("127.0.0.1"),
  ),
  DASHBOARD_USERS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[^:,\s]+:[^,\s]*scrypt\$[^,\s]+(,[^:,\s]+:[^,\s]*scrypt\$[^,\s]+)*$/, {
        message:
          "must be name:hash or name:role:accounts:hash entries separated by commas, hashes made by `npm run hash-password`",
      })
      .optional(),
  ),
  DASHBOARD_PASSWORD: z.preprocess(
    blankToUndefined,
    z.string().min(12, { message: "must be at least 12 characters" }).optional(),
  ),
  SESSION_SECRET: z.preprocess(
    blankToUndefined,
    z.string().min(32, { message: "must be at least 32 characters (e.g. `openssl rand -hex 32`)" }).optional(),
  ),
  // Company sign-in (OpenID Connect): the provider's issuer URL and this dashboard's client there.
  OIDC_ISSUER: z.preprocess(
    blankToUndefined,
    z
      .url({
        protocol: /^https?$/,
        message: "must be the identity provider's issuer URL, such as https://login.example.com",
      })
      .refine((url) => url.startsWith("https:") || isLoopbackHost(new URL(url).hostname), {
        message: "must be an https URL (plain http only on this machine's loopback, for testing)",
      })
      .optional(),
  ),
  OIDC_CLIENT_ID: z.preprocess(blankToUndefined, z.string().optional()),
  OIDC_CLIENT_SECRET: z.preprocess(blankToUndefined, z.string().optional()),
  // The sign-in button's words: "Sign in with …".
  OIDC_NAME: z.preprocess(
    blankToUndefined,
    z.string().max(40, { message: "must be at most 40 characters" }).default("your company account"),
  ),
  // Which provider groups may see which accounts: `group=role:accounts` entries (./auth/access).
  OIDC_GROUP_ROLES: z.preprocess(blankToUndefined, z.string().optional()),
  // The ID token claim that lists a person's groups at the identity provider.
  OIDC_GROUPS_CLAIM: z.preprocess(blankToUndefined, z.string().default("groups")),
  // How old a company sign-in may grow before the provider is asked again, silently, whether the
  // person is still signed in there and in which groups (a removal there takes effect by then).
  OIDC_RECHECK_SECONDS: wholeNumber(600, 5, 12 * 60 * 60),
  // The job-history store: PGlite in DATA_DIR unless DATABASE_URL names a PostgreSQL server.
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default("./.data")),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgres:// or postgresql:// URL" }).optional(),
  ),
  HISTORY_DAYS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: "must be a number of days, such as 90" })
      .int({ message: "must be a whole number of days" })
      .min(1, { message: "must be at least 1 day" })
      .max(3650, { message: "must be at most 3650 days (10 years)" })
      .default(90),
  ),
  // Days the audit log keeps its entries (pruned once a day by the first account's collector).
  AUDIT_DAYS: wholeNumber(365, 1, 3650),
  // "off" stops this instance from collecting (pages still read and record what they show).
  COLLECTOR: z.preprocess(blankToUndefined, z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on")),
  // The collector's pace when every job is finished (while jobs run it passes every 5 s, or this when
  // shorter). Tests and benchmarks shorten it; alerts arrive within about two of these.
  COLLECTOR_INTERVAL_MS: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: "must be a number of milliseconds, such as 60000" })
      .int({ message: "must be a whole number of milliseconds" })
      .min(200, { message: "must be at least 200 (milliseconds)" })
      .max(3_600_000, { message: "must be at most 3600000 (an hour)" })
      .default(60_000),
  ),
  // The least a log line must matter to be written (JSON lines on stdout).
  LOG_LEVEL: z.preprocess(
    (value) => {
      const given = blankToUndefined(value);
      return typeof given === "string" ? given.trim().toLowerCase() : given;
    },
    z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  ),
  // Bearer token for GET /api/metrics; unset, the route answers 404.
  METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(16, { message: "must be at least 16 characters (e.g. `openssl rand -hex 24`)" }).optional(),
  ),
  // The dashboard's address as people reach it (behind a proxy the server cannot know it): alert links.
  PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://jobs.example.com" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  // 32 bytes, as 64 hex digits or base64: encrypts alert channels' secrets in the store.
  ALERTS_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((value) => secretKeyBytes(value) !== null, {
        message: "must be 32 random bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)",
      })
      .optional(),
  ),
  // Alert channels and rules as a JSON or YAML file (./alerts/file reads it): read-only on /alerts.
  ALERTS_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  // Admission control in front of Next (lib/http/admission.mjs): requests served at once, how many
  // more may wait for a turn, and how long the first of them may wait before newcomers are refused
  // with 503 and Retry-After.
  MAX_IN_FLIGHT: wholeNumber(DEFAULT_MAX_IN_FLIGHT, 1, 10_000),
  MAX_QUEUE: wholeNumber(DEFAULT_MAX_QUEUE, 0, 100_000),
  MAX_QUEUE_WAIT_MS: wholeNumber(DEFAULT_MAX_WAIT_MS, 1, 60_000),
  // "off": this instance decides alerts but leaves sending them to the others (the outbox keeps them).
  ALERTS_DELIVERY: z.preprocess(
    blankToUndefined,
    z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
  ),
  SIMULATOR_SEED: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: "must be a number" }).int({ message: "must be an integer" }).default(42),
  ),
});

export type Env = z.infer<typeof schema> & {
  /** the default account's upstream */
  upstream: "klaviyo" | "simulator";
  authEnabled: boolean;
  /** company sign-in is configured (issuer, client id and secret) */
  oidcEnabled: boolean;
  /** users, provider groups and what they may do (./auth/access) */
  access: AccessConfig;
  /** the accounts watched, the default (first) one first; one when KLAVIYO_ACCOUNTS(_FILE) is unset */
  accounts: Account[];
  /** ALERTS_FILE read, its secrets resolved from the environment (kept in memory only); null when unset */
  alertsFile: AlertsFile | null;
};

// Where it lives now: browser code (alert channel forms) checks hosts without loading the configuration.
export { isLoopbackHost } from "./loopback";

export class EnvError extends Error {
  readonly variables: string[];
  constructor(issues: { variable: string; message: string }[]) {
    super("Invalid configuration:\n" + issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"));
    this.name = "EnvError";
    this.variables = issues.map((i) => i.variable);
  }
}

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema
    .superRefine((env, ctx) => {
      if ((env.DASHBOARD_USERS || env.DASHBOARD_PASSWORD || env.OIDC_ISSUER) && !env.SESSION_SECRET) {
        ctx.addIssue({
          code: "custom",
          path: ["SESSION_SECRET"],
          message:
            "is required when DASHBOARD_USERS, DASHBOARD_PASSWORD or OIDC_ISSUER is set (it signs session cookies)",
        });
      }
      // Company sign-in needs all three; a half-configured provider is a mistake, not "off".
      const oidc = {
        OIDC_ISSUER: env.OIDC_ISSUER,
        OIDC_CLIENT_ID: env.OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET,
      };
      const given = Object.entries(oidc).filter(([, value]) => value);
      if (given.length > 0 && given.length < 3) {
        for (const [name, value] of Object.entries(oidc)) {
          if (!value)
            ctx.addIssue({
              code: "custom",
              path: [name],
              message: "is required when any of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET is set",
            });
        }
      }
      // Compared only when KLAVIYO_SHARE itself is valid (zod runs this check after a field's own refusal).
      if (env.KLAVIYO_SHARE > 0 && env.KLAVIYO_SHARE <= 1 && env.COLLECTOR_SHARE > env.KLAVIYO_SHARE) {
        ctx.addIssue({
          code: "custom",
          path: ["COLLECTOR_SHARE"],
          message: `must not exceed KLAVIYO_SHARE (${env.KLAVIYO_SHARE}): the collector spends out of the dashboard's share`,
        });
      }
    })
    .safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        message: issue.message,
      })),
    );
  }
  let accounts: Account[];
  try {
    accounts = readAccounts(result.data);
  } catch (error) {
    if (error instanceof AccountsError) throw new EnvError([{ variable: error.variable, message: error.message }]);
    throw error;
  }
  const names = accounts.map((account) => account.name);
  let access: AccessConfig;
  try {
    access = {
      authEnabled: Boolean(result.data.DASHBOARD_USERS || result.data.DASHBOARD_PASSWORD || result.data.OIDC_ISSUER),
      users: result.data.DASHBOARD_USERS ? parseUserEntries(result.data.DASHBOARD_USERS, names) : null,
      groupRoles: result.data.OIDC_GROUP_ROLES ? parseGroupRoles(result.data.OIDC_GROUP_ROLES, names) : null,
    };
  } catch (error) {
    if (error instanceof AccessConfigError) throw new EnvError([{ variable: error.variable, message: error.message }]);
    throw error;
  }
  let alertsFile: AlertsFile | null = null;
  if (result.data.ALERTS_FILE) {
    try {
      alertsFile = readAlertsFile(result.data.ALERTS_FILE, source, accounts);
    } catch (error) {
      if (error instanceof AlertsFileError) throw new EnvError([{ variable: "ALERTS_FILE", message: error.message }]);
      throw error;
    }
  }
  return {
    ...result.data,
    upstream: accounts[0]!.upstream,
    authEnabled: access.authEnabled,
    access,
    oidcEnabled: Boolean(result.data.OIDC_ISSUER),
    accounts,
    alertsFile,
  };
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use and then kept. */
export function getEnv(): Env {
  cached ??= loadEnv();
  return cached;
}
