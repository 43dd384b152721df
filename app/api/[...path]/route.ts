import { ApiError } from "@/lib/http/errors";
import { apiErrorResponse } from "@/lib/http/json";
import { observed } from "@/lib/observability/route";

export const dynamic = "force-dynamic";

/** Unknown API paths answer with the JSON envelope too, never Next's HTML 404 page. */
const notFound = observed(() => apiErrorResponse(new ApiError("not_found", "No such API route.")));

export { notFound as GET, notFound as HEAD, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
