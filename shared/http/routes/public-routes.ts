// Routes anyone may call.
import * as z from 'zod/mini';
import { OpenApiDocument } from '../responses/public-responses.ts';
import { route } from '../route.ts';

export const publicRoutes = [
  route({
    id: 'health',
    method: 'GET',
    path: '/health',
    fn: 'coordination',
    access: { kind: 'public' },
    summary: 'Liveness',
    response: z.object({ status: z.literal('ok') }),
    successStatus: 200,
  }),
  route({
    id: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    fn: 'coordination',
    access: { kind: 'public' },
    summary: 'This OpenAPI 3.1 document',
    response: OpenApiDocument,
    successStatus: 200,
  }),
];
