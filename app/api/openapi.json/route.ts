// The OpenAPI 3.1 document of the operator API, built from the zod schemas (lib/openapi). Public:
// it describes the API and reveals nothing about any organisation.
import { buildOpenApiDocument, requestOrigin } from "@/lib/openapi/document";

export const runtime = "nodejs";

export const GET = (req: Request): Response =>
  Response.json(buildOpenApiDocument({ serverUrl: requestOrigin(req) }), {
    headers: { "Cache-Control": "public, max-age=300" },
  });
