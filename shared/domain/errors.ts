// Errors carry their HTTP status; one middleware (shared/http/problem.ts) maps them to problem+json.
// `expose` is false for anything the client did not cause: its message never leaves the service.

export interface FieldProblem {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;
  readonly errors: FieldProblem[];
  /** Extra members of the problem document (for example `conflicts` on a 409). */
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      errors?: FieldProblem[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.expose = status < 500 || status === 503;
    this.errors = options.errors ?? [];
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldProblem[], message = 'The request has invalid fields.') {
    super(400, 'invalid-request', message, { errors });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required.') {
    super(401, 'unauthorized', message, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Your role is not allowed to do this.') {
    super(403, 'forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'resource') {
    super(404, 'not-found', `No such ${what}.`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(409, 'conflict', message, { extensions });
  }
}

export class PreconditionFailedError extends AppError {
  constructor() {
    super(
      412,
      'precondition-failed',
      'The resource changed since you read it: If-Match does not match its ETag.',
    );
  }
}

export class PreconditionRequiredError extends AppError {
  constructor() {
    super(428, 'precondition-required', 'This change needs an If-Match header with the ETag you read.', {
      errors: [{ path: 'headers.if-match', message: 'Required' }],
    });
  }
}

export class BusinessRuleError extends AppError {
  constructor(message: string, errors: FieldProblem[] = []) {
    super(422, 'business-rule', message, { errors });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(expected: string) {
    super(415, 'unsupported-media-type', `The body must be ${expected}.`, {
      errors: [{ path: 'headers.content-type', message: `Expected ${expected}` }],
    });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', `The body is larger than ${limitBytes} bytes.`, {
      errors: [{ path: 'body', message: `At most ${limitBytes} bytes` }],
    });
  }
}

/** A dependency is overloaded or slow (DynamoDB throttling, a timeout): the client may retry. */
export class ServiceUnavailableError extends AppError {
  constructor(retryAfterSeconds = 2) {
    super(503, 'service-unavailable', 'The service is busy; retry shortly.', {
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
