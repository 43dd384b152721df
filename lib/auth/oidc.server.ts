import "server-only";
/**
 * Company sign-in with OpenID Connect: the authorization code flow with PKCE, a state and a nonce,
 * for any standard provider named by its issuer URL (Okta, Google Workspace, Entra ID…).
 * openid-client does discovery, the code exchange and the ID token's checks (signature against the
 * provider's keys, issuer, audience, expiry, nonce); this module keeps what the browser carries
 * between the two legs in a short-lived signed cookie, so any instance can finish a sign-in that
 * another began.
 */
import * as oidc from "openid-client";
import { overHttps } from "@/lib/auth/http";
import { safeReturnPath, signToken, verifyToken } from "@/lib/auth/session";
import type { Env } from "@/lib/env";
import { isLoopbackHost } from "@/lib/loopback";

export const FLOW_COOKIE = "bj_oidc";
export const FLOW_COOKIE_PATH = "/api/auth/oidc";
export const FLOW_TTL_SECONDS = 10 * 60;
export const CALLBACK_PATH = "/api/auth/oidc/callback";
const MAX_GROUPS = 50;
// A discovery document is kept this long; a failed discovery is not kept at all.
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

type OidcEnv = Pick<
  Env,
  "OIDC_ISSUER" | "OIDC_CLIENT_ID" | "OIDC_CLIENT_SECRET" | "OIDC_GROUPS_CLAIM" | "SESSION_SECRET" | "PUBLIC_URL"
>;

/** Why a sign-in did not finish, as the sign-in page names it (`?error=`). */
export type OidcFailure = "oidc-unavailable" | "oidc-denied" | "oidc-failed" | "oidc-expired" | "oidc-ended";

/**
 * What a provider answers a silent check (`prompt=none`) when it would have to ask the person
 * something: they are no longer signed in there (or may no longer use this client).
 */
const SIGNED_OUT_THERE = new Set([
  "login_required",
  "interaction_required",
  "consent_required",
  "account_selection_required",
]);

export class OidcError extends Error {
  constructor(
    readonly failure: OidcFailure,
    /** for the log: what went wrong, never a token or the client secret */
    readonly detail: string,
  ) {
    super(detail);
    this.name = "OidcError";
  }
}

let discovered: { key: string; at: number; config: Promise<oidc.Configuration> } | undefined;

function configuration(env: OidcEnv, now = Date.now()): Promise<oidc.Configuration> {
  const issuer = env.OIDC_ISSUER ?? "";
  const key = `${issuer}\n${env.OIDC_CLIENT_ID}`;
  if (discovered && discovered.key === key && now - discovered.at < DISCOVERY_TTL_MS) return discovered.config;
  const url = new URL(issuer);
  const config = oidc
    .discovery(url, env.OIDC_CLIENT_ID ?? "", env.OIDC_CLIENT_SECRET ?? "", undefined, {
      // The configuration admits plain http only for a provider on this machine (a test provider).
      execute: url.protocol === "http:" && isLoopbackHost(url.hostname) ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    })
    .then((found) => {
      // OIDC lets a client skip the ID token's signature when it came straight from the token endpoint
      // over TLS, and openid-client does by default; we check it anyway (a proxy or a compromised
      // endpoint in the path must not be able to name someone else).
      oidc.enableNonRepudiationChecks(found);
      return found;
    })
    .catch((error: unknown) => {
      discovered = undefined;
      throw new OidcError("oidc-unavailable", `discovery failed: ${describe(error)}`);
    });
  discovered = { key, at: now, config };
  return config;
}

/** Forget the provider's discovery document (tests start providers of their own). */
export function forgetDiscovery(): void {
  discovered = undefined;
}

/** fetch's own failures (refused, reset, timed out), as opposed to an answer that did not check out. */
function unreachable(error: unknown): boolean {
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function describe(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError) return `${error.error}: ${error.error_description ?? ""}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** This dashboard's callback as the provider must have it registered. */
export function callbackUrl(env: Pick<Env, "PUBLIC_URL">, request: Request): string {
  if (env.PUBLIC_URL) return `${env.PUBLIC_URL}${CALLBACK_PATH}`;
  // Without PUBLIC_URL, the address the browser used (the provider checks it against its list).
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return `${overHttps(request) ? "https" : "http"}://${host}${CALLBACK_PATH}`;
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  redirectUri: string;
  exp: number;
  /** a silent check of a session that has grown old (`prompt=none`), not a sign-in */
  silent?: boolean;
}

/**
 * The provider's authorization URL to send the browser to, and the cookie that remembers the flow.
 * `silent`: the provider must answer without asking the person anything (`prompt=none`), which
 * renews a session whose person is still signed in there, with their groups as they are now.
 */
export async function beginSignIn(
  env: OidcEnv,
  request: Request,
  next: unknown,
  now = Date.now(),
  options: { silent?: boolean } = {},
): Promise<{ location: string; flowCookie: string }> {
  const config = await configuration(env, now);
  const flow: Flow = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    next: safeReturnPath(next),
    redirectUri: callbackUrl(env, request),
    exp: now + FLOW_TTL_SECONDS * 1000,
    ...(options.silent ? { silent: true } : {}),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    ...(options.silent ? { prompt: "none" } : {}),
    redirect_uri: flow.redirectUri,
    scope: "openid email profile",
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  });
  return { location: url.href, flowCookie: signToken({ ...flow }, env.SESSION_SECRET ?? "") };
}

function readFlow(token: string | undefined, secret: string, now: number): Flow | null {
  const data = verifyToken(token, secret);
  if (!data) return null;
  const { state, nonce, verifier, next, redirectUri, exp, silent } = data;
  if (
    typeof state !== "string" ||
    typeof nonce !== "string" ||
    typeof verifier !== "string" ||
    typeof redirectUri !== "string" ||
    typeof exp !== "number" ||
    exp <= now
  )
    return null;
  return { state, nonce, verifier, next: safeReturnPath(next), redirectUri, exp, silent: silent === true };
}

export interface Identity {
  /** the person's email when the provider vouches for it, else the provider's subject id */
  user: string;
  groups: string[];
  /** where to go after signing in */
  next: string;
  /** a silent check renewed an existing session (no new sign-in) */
  renewed: boolean;
}

/**
 * Finish a sign-in from the provider's redirect: the flow cookie must match the state, then the code
 * is exchanged and the ID token checked. Any failure is an OidcError; nothing is half-accepted.
 */
export async function finishSignIn(
  env: OidcEnv,
  request: Request,
  flowCookie: string | undefined,
  now = Date.now(),
): Promise<Identity> {
  const flow = readFlow(flowCookie, env.SESSION_SECRET ?? "", now);
  if (!flow) throw new OidcError("oidc-expired", "no sign-in in progress in this browser, or it took over 10 minutes");
  const given = new URL(request.url);
  // The provider's answer, read against the redirect URI we registered, not the host Next saw.
  const current = new URL(flow.redirectUri);
  current.search = given.search;
  const config = await configuration(env, now);
  let claims: oidc.IDToken | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    const refusal = error instanceof oidc.AuthorizationResponseError ? error.error : undefined;
    const failure =
      refusal === "access_denied"
        ? "oidc-denied"
        : refusal && flow.silent && SIGNED_OUT_THERE.has(refusal)
          ? "oidc-ended"
          : unreachable(error)
            ? "oidc-unavailable"
            : "oidc-failed";
    throw new OidcError(failure, describe(error));
  }
  if (!claims) throw new OidcError("oidc-failed", "the identity provider sent no ID token");
  const email = typeof claims.email === "string" && claims.email_verified !== false ? claims.email : undefined;
  const rawGroups = claims[env.OIDC_GROUPS_CLAIM];
  const groups = Array.isArray(rawGroups)
    ? rawGroups
        .filter((group): group is string => typeof group === "string" && group.length <= 200)
        .slice(0, MAX_GROUPS)
    : [];
  return { user: email ?? `oidc:${claims.sub}`, groups, next: flow.next, renewed: flow.silent === true };
}
