// The one place errors become responses: RFC 9457 problem+json. Known errors say what the client can fix;
// anything else is a bare 500 with the request id, its message kept in the log and out of the response.
import { AppError, ServiceUnavailableError } from '../domain/errors.ts';
import { logger, redact } from '../logger.ts';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TimeoutError',
  'RequestTimeout',
  'ServiceUnavailable',
  'InternalServerError',
  'TransactionInProgressException',
]);

/** DynamoDB throttling, timeouts and socket errors mean "retry shortly", never a 500. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const code = (error as { code?: string } | undefined)?.code ?? '';
  if (TRANSIENT.has(name) || ['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE'].includes(code)) {
    return new ServiceUnavailableError();
  }
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'TransactionConflict')) {
      return new ServiceUnavailableError();
    }
  }
  return undefined;
}

export interface ProblemResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function problemResponse(error: unknown, requestId: string): ProblemResponse {
  const known = toAppError(error);
  if (!known) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown';
    logger.error('unhandled error', { requestId, error: redact(message) });
  }
  const status = known?.status ?? 500;
  const document: Record<string, unknown> = {
    // Extensions first: RFC 9457's own members (`status` above all) must never be overwritten by one.
    ...(known?.extensions ?? {}),
    type: known ? `https://alaturi.ro/problems/${known.code}` : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: known?.expose ? known.message : `Something went wrong on our side. Request id: ${requestId}.`,
    errors: known?.errors ?? [],
    requestId,
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json', ...(known?.headers ?? {}) },
    body: JSON.stringify(document),
  };
}
