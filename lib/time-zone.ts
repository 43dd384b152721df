/**
 * The clock every view can show times in: the browser's own zone (the default) or UTC, which ops
 * in several countries use to talk about one sync. It is part of each page's URL as `?tz=utc`, so a
 * shared link shows the times its sender saw; one parser serves the job list, a job and the runs.
 */
import { parseAsStringLiteral } from "nuqs/server";

export const TIME_ZONES = ["local", "utc"] as const;
export type TimeZoneChoice = (typeof TIME_ZONES)[number];

export const timeZoneParser = parseAsStringLiteral(TIME_ZONES).withDefault("local");
