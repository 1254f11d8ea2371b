import { errorResponse, newRequestId } from "@/lib/http/api-route";
import { AppError } from "@/lib/errors/app-error";

export const runtime = "nodejs";

// Unknown paths under the API answer in the API's own error format, not with an HTML page.
const notFound = async () => errorResponse(new AppError("not_found"), newRequestId());

export const { GET, POST, PUT, PATCH, DELETE } = { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound };
