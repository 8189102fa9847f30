// Health and the OpenAPI document.
import { buildOpenApi } from '../../shared/http/openapi.ts';
import type { ApiResult } from '../../shared/http/route.ts';
import { routes } from '../../shared/http/routes.ts';

let document: unknown;

export const publicHandlers = {
  health: async (): Promise<ApiResult> => ({ status: 200, body: { status: 'ok' } }),
  openapi: async (): Promise<ApiResult> => {
    document ??= buildOpenApi(routes);
    return { status: 200, body: document };
  },
};
