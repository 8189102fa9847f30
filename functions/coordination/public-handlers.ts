// Health and the OpenAPI document.
import { readFile } from 'node:fs/promises';
import type { ApiResult } from '../../shared/http/route.ts';

let document: Promise<unknown> | undefined;

/**
 * In AWS the document is generated at synth from the route table and shipped next to the bundle
 * (infra/openapi-asset.ts), so the function carries neither zod's JSON Schema converter nor every context's
 * schemas. Elsewhere (the local runtime, tests) it is built on the spot from the same route table; the module
 * paths are variables so that the bundler leaves that branch out of the Lambda.
 */
async function loadDocument(): Promise<unknown> {
  try {
    return JSON.parse(await readFile(new URL('./openapi.json', import.meta.url), 'utf8'));
  } catch {
    const generator = '../../shared/http/openapi.ts';
    const table = '../../shared/http/routes.ts';
    const [{ buildOpenApi }, { routes }] = await Promise.all([import(generator), import(table)]);
    return buildOpenApi(routes);
  }
}

export const publicHandlers = {
  health: async (): Promise<ApiResult> => ({ status: 200, body: { status: 'ok' } }),
  openapi: async (): Promise<ApiResult> => {
    document ??= loadDocument();
    document.catch(() => {
      document = undefined;
    });
    return { status: 200, body: await document };
  },
};
