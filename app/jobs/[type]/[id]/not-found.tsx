import { JobNotFound } from "./job-not-found";

/**
 * Unknown or expired job, or a link with a type or id that cannot be one. The page calls notFound()
 * for a well-formed link only once none of the nine job types has the id (see page.tsx).
 */
export default function NotFound() {
  return <JobNotFound lookup={{ kind: "missing" }} />;
}
