/** The cookie and redirect plumbing the sign-in routes share (local passwords and company sign-in). */
import { seeOther } from "@/lib/http/redirect";

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of request.headers.get("cookie")?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** Whether the browser reached us over https (directly, or through a proxy that says so). */
export function overHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

export function setCookie(name: string, value: string, path: string, maxAge: number, secure: boolean): string {
  // Lax, not Strict: a job link pasted in chat must open signed in, and the identity provider's
  // redirect back to us is a top-level navigation from another site.
  return [`${name}=${value}`, `Path=${path}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAge}`]
    .concat(secure ? ["Secure"] : [])
    .join("; ");
}

export const clearCookie = (name: string, path: string) => `${name}=; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=0`;

/** A 303 that is never cached, with the cookies given; relative for our own paths (see seeOther). */
export function redirectWithCookies(location: string, cookies: string[] = []): Response {
  const headers = new Headers({ "cache-control": "no-store" });
  for (const value of cookies) headers.append("set-cookie", value);
  return seeOther(location, headers);
}
