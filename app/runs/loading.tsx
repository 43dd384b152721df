import { RunsSkeleton } from "./runs-skeleton";

export default function Loading() {
  return <RunsSkeleton kind="recent" />;
}
