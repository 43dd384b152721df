import { DetailSkeleton } from "./detail-skeleton";

export default function Loading() {
  return <DetailSkeleton />;
}
