import { SESSION_COOKIE } from "@/lib/auth/session";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

export const POST = observed((): Response => {
  return new Response(null, {
    status: 303,
    headers: {
      location: "/sign-in",
      "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
      "cache-control": "no-store",
    },
  });
});
