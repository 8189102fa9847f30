// Routes under /_local/ exist only in the local runtime (never deployed): the SMS outbox, a phone simulator
// and a clock that sets the service's time and runs the scheduled jobs as of it.
import type { ApiFunction } from '../../shared/http/route.ts';
import type { LambdaHandler } from './lambda-adapter.ts';

export interface LocalRouteContext {
  baseUrl: string;
  handlers: Record<ApiFunction, LambdaHandler>;
}

export interface LocalRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(
    input: { query: URLSearchParams; body: unknown },
    context: LocalRouteContext,
  ): Promise<{ status: number; body: unknown }>;
}

export const localRoutes: LocalRoute[] = [];
