import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  agentRules: false,
  // PGlite ships its Postgres as WebAssembly files; left external, the server bundle stays small.
  serverExternalPackages: ["@electric-sql/pglite"],
  // `/a/{account}/…` is the page or route without the account part, served for that account. Only
  // when proxy.ts has checked the account and named it in its header (a caller's own is dropped
  // there); an unknown account gets no rewrite, and so the 404 page. Rewritten here rather than by
  // the proxy: a proxy rewrite is only served in-process when its URL's host is the one Next listens
  // under, which a server behind a reverse proxy (or started with -H) cannot promise.
  async rewrites() {
    const checked = [{ type: "header" as const, key: "x-dashboard-account" }];
    return {
      beforeFiles: [
        { source: "/a/:account", destination: "/", has: checked },
        { source: "/a/:account/:path*", destination: "/:path*", has: checked },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
