import { ApiError } from "@/lib/errors";
import { jsonResponse } from "@/lib/klaviyo";

export const dynamic = "force-dynamic";

/** Unknown API paths answer with the JSON envelope too, never Next's HTML 404 page. */
function notFound(): Response {
  return jsonResponse(new ApiError("not_found", "No such API route.").toJSON(), { status: 404 });
}

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
