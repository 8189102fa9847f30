// The local HTTP server: every request goes through the same route table and Lambda handlers as in AWS.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { handler as consoleHandler } from '../../functions/console/handler.tsx';
import { handler as coordination } from '../../functions/coordination/handler.ts';
import { handler as exportsHandler } from '../../functions/exports/handler.ts';
import { handler as sms } from '../../functions/sms/handler.ts';
import { createApiHandler } from '../../shared/http/api-handler.ts';
import type { RouteFunction } from '../../shared/http/route.ts';
import { routes } from '../../shared/http/routes.ts';
import { logger } from '../../shared/logger.ts';
import { dispatch, type LambdaHandler, toEvent } from './lambda-adapter.ts';
import { localHandlers } from './local-routes.ts';

/** API Gateway's own payload limit; the Lambdas enforce the service's much smaller one. */
const GATEWAY_LIMIT = 10 * 1024 * 1024;

/** The three Lambdas, and the local runtime's own routes served through the same chain. */
export const apiHandlers: Record<RouteFunction, LambdaHandler> = {
  coordination: coordination as unknown as LambdaHandler,
  sms: sms as unknown as LambdaHandler,
  exports: exportsHandler as unknown as LambdaHandler,
  local: createApiHandler('local', routes, () => localHandlers, {}) as unknown as LambdaHandler,
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

export function createLocalServer(): Server {
  const server = createServer(async (request, response) => {
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
      const plain = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.search.slice(1),
        headers: request.headers,
        body: body || undefined,
      };
      // The console is its own Lambda under /console (ANY /console/{proxy+} in the stack), not an API route.
      if (url.pathname === '/console' || url.pathname.startsWith('/console/')) {
        const page = await consoleHandler(toEvent(plain, undefined, {}));
        const headers: Record<string, string | string[]> = { ...page.headers };
        if (page.cookies?.length) headers['set-cookie'] = page.cookies;
        response.writeHead(page.statusCode, headers);
        response.end(page.body ?? '');
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
  // Node closes an idle keep-alive connection after 5 s; a client that pauses longer (the e2e suite blocks
  // while it mints a token) would send its next request into a closing socket. API Gateway waits far longer.
  server.keepAliveTimeout = 65_000;
  return server;
}
