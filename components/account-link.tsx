"use client";

import type NextLink from "next/link";
import { useRouter } from "next/navigation";
import { type ComponentProps, createContext, type ReactNode, useContext, useMemo } from "react";
import { inAccount } from "@/lib/accounts/path";
import BaseLink from "./ui/link";

/*
 * The account of the page, for links built in the browser: every link to a page or API route of the
 * dashboard stays in it (`/a/{account}/…`). The prefix is the server's (the layout passes it), so a
 * link renders the same on the server and in the browser; "" when the URLs carry no account.
 */
const AccountContext = createContext("");

export function AccountProvider({ prefix, children }: { prefix: string; children: ReactNode }) {
  return <AccountContext.Provider value={prefix}>{children}</AccountContext.Provider>;
}

/** `href` in the page's account. */
export function useInAccount(): (href: string) => string {
  const prefix = useContext(AccountContext);
  return (href) => inAccount(prefix, href);
}

/** next/link (never prefetching: see ui/link), in the page's account. */
export function Link({ href, ...props }: ComponentProps<typeof NextLink> & { href: string }) {
  return <BaseLink href={useInAccount()(href)} {...props} />;
}

/** A plain link (downloads, full loads), in the page's account. */
export function Anchor({ href, ...props }: ComponentProps<"a"> & { href: string }) {
  return <a href={useInAccount()(href)} {...props} />;
}

/** The router, navigating in the page's account. */
export function useAccountRouter(): ReturnType<typeof useRouter> {
  const router = useRouter();
  const prefix = useContext(AccountContext);
  return useMemo(
    () => ({
      ...router,
      // The options only when given: the router is called exactly as the caller called this.
      push: (href, ...options) => router.push(inAccount(prefix, href), ...options),
      replace: (href, ...options) => router.replace(inAccount(prefix, href), ...options),
      prefetch: (href, ...options) => router.prefetch(inAccount(prefix, href), ...options),
    }),
    [router, prefix],
  );
}
