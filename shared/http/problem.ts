// The one place errors become responses: RFC 9457 problem+json. Known errors say what the client can fix;
// anything else is a bare 500 with the request id (the chain logs its message, never the response).
import {
  AppError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors.ts';

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

/** middy's body parsers throw a 415 for both a wrong media type and a body that does not parse. */
const BODY_PARSERS: Record<string, { mediaType: string; malformed: string }> = {
  '@middy/http-json-body-parser': { mediaType: 'application/json', malformed: 'The body is not valid JSON' },
  '@middy/http-urlencode-body-parser': {
    mediaType: 'application/x-www-form-urlencoded',
    malformed: 'The body is not a valid form',
  },
};

function fromBodyParser(error: unknown): AppError | undefined {
  const parser =
    BODY_PARSERS[(error as { cause?: { package?: unknown } } | undefined)?.cause?.package as string];
  if (!parser) return undefined;
  if ((error as Error).message === 'Unsupported Media Type')
    return new UnsupportedMediaTypeError(parser.mediaType);
  return new ValidationError([{ path: 'body', message: parser.malformed }]);
}

/**
 * The error as one the client can act on: ours as they are, a body parser's as 415 or 400 naming the body,
 * DynamoDB throttling, timeouts and socket errors as "retry shortly" (503), never a 500.
 */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  const parsed = fromBodyParser(error);
  if (parsed) return parsed;
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

/** The problem's `type`, also what the chain logs for every refusal. */
export function problemType(error: unknown): string {
  const known = toAppError(error);
  return known ? `https://alaturi.ro/problems/${known.code}` : 'about:blank';
}

export function problemResponse(error: unknown, requestId: string): ProblemResponse {
  const known = toAppError(error);
  const status = known?.status ?? 500;
  const document: Record<string, unknown> = {
    // Extensions first: RFC 9457's own members (`status` above all) must never be overwritten by one.
    ...(known?.extensions ?? {}),
    type: problemType(error),
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
