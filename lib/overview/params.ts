/**
 * The overview's URL contract, shared by the page, the route handler and the query key:
 *
 *   /overview?window=24h      every account's runs created in the last 24 hours (the default)
 *
 * The window takes the same choices, spelled the same way, as `/runs?window=` (lib/runs/params), so a
 * look-back chosen on one reads the same on the other. The zone (`tz=utc`) only changes how times show.
 */
import { createLoader, parseAsString } from "nuqs/server";
import { DEFAULT_RUN_WINDOW, RUN_WINDOWS, type RunWindowChoice } from "@/lib/runs/params";
import { timeZoneParser } from "@/lib/time-zone";

export const OVERVIEW_WINDOWS = RUN_WINDOWS;
export const DEFAULT_OVERVIEW_WINDOW = DEFAULT_RUN_WINDOW;

export interface OverviewQuery {
  window: RunWindowChoice;
}

/** The query string of an overview query (`?` included), identical for the page and the API. */
export function overviewSearch(query: OverviewQuery): string {
  return query.window === DEFAULT_OVERVIEW_WINDOW ? "" : `?window=${query.window}`;
}

/**
 * `window` stays a plain string here: a literal parser would quietly turn `?window=30d` into the
 * default, and the page must refuse it as the API does (see ./query.server).
 */
export const overviewPageParsers = { window: parseAsString, tz: timeZoneParser };

export const loadOverviewPageParams = createLoader(overviewPageParsers);
