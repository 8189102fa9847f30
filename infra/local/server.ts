// The local HTTP server: every request goes through the same route table and Lambda handlers as in AWS.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { handler as coordination } from '../../functions/coordination/handler.ts';
import { handler as exportsHandler } from '../../functions/exports/handler.ts';
import { handler as sms } from '../../functions/sms/handler.ts';
import type { ApiFunction } from '../../shared/http/route.ts';
import { logger } from '../../shared/logger.ts';
import { dispatch, type LambdaHandler } from './lambda-adapter.ts';
import { localRoutes } from './local-routes.ts';

/** API Gateway's own payload limit; the Lambdas enforce the service's much smaller one. */
const GATEWAY_LIMIT = 10 * 1024 * 1024;

export const apiHandlers: Record<ApiFunction, LambdaHandler> = {
  coordination: coordination as unknown as LambdaHandler,
  sms: sms as unknown as LambdaHandler,
  exports: exportsHandler as unknown as LambdaHandler,
};

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_LIMIT) chunks.push(chunk);
    });
    request.on('end', () => done(size > GATEWAY_LIMIT ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

export function createLocalServer(baseUrl: () => string): Server {
  // Idle connections stay open a minute, as behind API Gateway: Node's 5-second default closes a socket a
  // busy client is about to reuse, and its next request fails with "other side closed".
  return createServer({ keepAliveTimeout: 65_000 }, async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const body = await readBody(request);
      if (body === null) {
        response.writeHead(413, { 'content-type': 'application/problem+json' });
        response.end(
          JSON.stringify({ type: 'about:blank', title: 'Content Too Large', status: 413, errors: [] }),
        );
        return;
      }
      const local = localRoutes.find((r) => r.method === request.method && r.path === url.pathname);
      if (local) {
        let parsed: unknown = {};
        try {
          parsed = body ? JSON.parse(body) : {};
        } catch {
          parsed = undefined;
        }
        const out = await local.handle(
          { query: url.searchParams, body: parsed },
          { baseUrl: baseUrl(), handlers: apiHandlers },
        );
        response.writeHead(out.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(out.body));
        return;
      }
      const result = await dispatch(
        {
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.search.slice(1),
          headers: request.headers,
          body: body || undefined,
        },
        apiHandlers,
      );
      response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      response.end(result.body ?? '');
    } catch (error) {
      logger.error('local server error', { error: error instanceof Error ? error.name : 'unknown' });
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, errors: [] }),
      );
    }
  });
}
