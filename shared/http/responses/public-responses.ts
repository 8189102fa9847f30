// What the public routes answer besides /health's literal.
import * as z from 'zod/mini';

/** The document at GET /openapi.json: stated as an object, its own schema is the OpenAPI 3.1 one. */
export const OpenApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({}) });
