/**
 * A real OpenID provider for tests (the `oidc-provider` package, over HTTP on this machine): people
 * sign in on a small form by name, consent is implied, and the ID token carries email and groups.
 * `tamper` makes the token endpoint hand out a bad ID token, for the checks a relying party must
 * make: a broken signature, a token for another client, an expired token.
 */
import { createSign, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

export interface IdpUser {
  email: string;
  name?: string;
  groups?: string[];
}

export type Tamper = "none" | "signature" | "audience" | "expired";

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: Map<string, IdpUser>;
  /** what the token endpoint does to the next ID tokens it hands out */
  tamper: Tamper;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, message = ""): string {
  return `<!doctype html><html><head><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}">
<label>Name <input name="login" autocomplete="username"></label>
<button type="submit">Continue</button>
</form></body></html>`;
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Re-sign an ID token's payload, changed by `change`, with the provider's own key. */
function resign(token: string, privateKey: JsonWebKey, kid: string, change: (claims: Record<string, unknown>) => void) {
  const [, payload] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  change(claims);
  const head = `${b64url({ alg: "RS256", kid, typ: "JWT" })}.${b64url(claims)}`;
  const signature = createSign("RSA-SHA256").update(head).sign({ key: privateKey, format: "jwk" }, "base64url");
  return `${head}.${signature}`;
}

function tampered(token: string, how: Tamper, privateKey: JsonWebKey, kid: string): string {
  const [head, payload, signature] = token.split(".");
  if (how === "signature") {
    // A payload someone edited (another person's email) under the provider's original signature.
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
    claims.email = "someone.else@example.com";
    return `${head}.${b64url(claims)}.${signature}`;
  }
  if (how === "audience") return resign(token, privateKey, kid, (claims) => (claims.aud = "another-client"));
  if (how === "expired")
    return resign(token, privateKey, kid, (claims) => {
      const now = Math.floor(Date.now() / 1000);
      claims.iat = now - 7200;
      claims.exp = now - 3600;
    });
  return token;
}

/** Rewrites the JSON the token endpoint ends with (Koa writes the whole body in one `end`). */
function tamperTokenResponse(res: ServerResponse, idp: TestIdp, privateKey: JsonWebKey, kid: string): void {
  const end = res.end.bind(res) as (body?: unknown) => ServerResponse;
  (res as { end: unknown }).end = (body?: unknown) => {
    if (typeof body !== "string" && !Buffer.isBuffer(body)) return end(body);
    try {
      const json = JSON.parse(body.toString()) as { id_token?: string };
      if (json.id_token) json.id_token = tampered(json.id_token, idp.tamper, privateKey, kid);
      const out = JSON.stringify(json);
      res.setHeader("content-length", Buffer.byteLength(out));
      return end(out);
    } catch {
      return end(body);
    }
  };
}

export async function startTestIdp(options: {
  redirectUris: string[];
  users: Record<string, IdpUser>;
  port?: number;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestIdp> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key";
  const jwk = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const users = new Map(Object.entries(options.users));
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = options.clientId ?? "dashboard";
  const clientSecret = options.clientSecret ?? "test-client-secret-0123456789";

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["test-idp-cookie-key-0123456789"] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
    conformIdTokenClaims: false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const user = users.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name ?? sub,
          groups: user.groups ?? [],
        }),
      };
    },
    // Consent is implied: the only question the provider asks is who you are.
    async loadExistingGrant(ctx) {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  });
  const handle = provider.callback();

  const idp: TestIdp = {
    issuer,
    clientId,
    clientSecret,
    users,
    tamper: "none",
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  server.on("request", async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", issuer);
      const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (interaction) {
        const uid = interaction[1] ?? "";
        await provider.interactionDetails(req, res);
        if (req.method === "GET") {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(uid));
          return;
        }
        const login = (await formBody(req)).get("login") ?? "";
        if (!users.has(login)) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(uid, "No such person."));
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      if (url.pathname === "/token" && idp.tamper !== "none") tamperTokenResponse(res, idp, jwk, kid);
      handle(req, res);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  return idp;
}
