/** The most jobs one export of a history list holds; the toolbar says so, and the file's name says when it was cut. */
export const EXPORT_MAX_JOBS = 10_000;
