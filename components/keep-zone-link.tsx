"use client";

import { useSearchParams } from "next/navigation";
import type { ComponentProps } from "react";
import { Link } from "@/components/account-link";
import { timeZoneParser } from "@/lib/time-zone";

/**
 * A link to another page that keeps the time zone the current page is shown in (`?tz=utc`), so
 * moving around the header never switches a UTC view back to local time.
 */
export function KeepZoneLink({ href, ...props }: ComponentProps<typeof Link> & { href: string }) {
  const zone = timeZoneParser.parseServerSide(useSearchParams().get("tz") ?? undefined);
  return <Link href={zone === "utc" ? `${href}?tz=utc` : href} {...props} />;
}
