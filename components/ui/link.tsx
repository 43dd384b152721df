import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * Next's link without prefetching. Every page here is rendered on request from live data and has no
 * loading boundary, so a prefetch fetched little more than the shared layout, twice per link in view
 * (a job page's rows, the header's five links), and each one cost a phone main-thread time while the
 * page was still becoming interactive. A click fetches the page it opens, as a click would anyway.
 */
export default function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
