/** Every tab's title: what the page shows first, then the product, so tabs and bookmarks tell apart. */
export const PAGE_TITLE_TEMPLATE = "%s · Klaviyo catalog bulk jobs";

export function pageTitle(name: string): string {
  return PAGE_TITLE_TEMPLATE.replace("%s", name);
}
