import { JobNotFound } from "./job-not-found";

/** Unknown or expired job, or a link with a type or id that cannot be one. */
export default function NotFound() {
  return <JobNotFound />;
}
