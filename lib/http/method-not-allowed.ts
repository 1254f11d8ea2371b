import "server-only";
import { AppError } from "../errors/app-error";
import { errorResponse, newRequestId } from "./api-route";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type Handler = (req: Request) => Promise<Response>;

/**
 * Handlers for the methods a route does not serve, so they get the API's JSON error with an
 * `Allow` header instead of the framework's empty 405:
 * `export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);`
 */
export function otherMethods(allowed: Method[]): Record<Method, Handler> {
  const allow = allowed.join(", ");
  const refuse: Handler = async () =>
    errorResponse(new AppError("method_not_allowed", { message: `This route accepts ${allow} only.` }), newRequestId(), { Allow: allow });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
