// Reading a request: content type, size, JSON or form body, path, query and If-Match, all checked against
// the route's zod schemas. Every refusal names the failing field.
import type * as z from 'zod/mini';
import '../domain/zod-setup.ts';
import {
  type FieldProblem,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../domain/errors.ts';
import type { RouteDefinition } from './route.ts';

export function zodProblems(error: z.core.$ZodError, prefix?: string): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    const join = (p: string) => [prefix, p].filter(Boolean).join('.') || prefix || 'body';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: join(base ? `${base}.${key}` : key),
        message: 'Unknown field',
      }));
    }
    return [{ path: join(base), message: issue.message }];
  });
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(zodProblems(result.error, prefix));
  return result.data;
}

export function readBody(
  route: RouteDefinition,
  headers: Record<string, string>,
  raw: string,
  maxBytes: number,
) {
  if (!route.body) return undefined;
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (route.bodyType === 'form') {
    if (type !== 'application/x-www-form-urlencoded')
      throw new UnsupportedMediaTypeError('application/x-www-form-urlencoded');
    return Object.fromEntries(new URLSearchParams(raw));
  }
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new UnsupportedMediaTypeError('application/json');
  }
  if (raw.trim() === '') throw new ValidationError([{ path: 'body', message: 'A JSON body is required' }]);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError([{ path: 'body', message: 'The body is not valid JSON' }]);
  }
}

/** `If-Match: "3"` (or W/"3", or 3) -> 3. Missing -> 428; anything that is not a version cannot match -> 412. */
export function readIfMatch(headers: Record<string, string>): number {
  const value = headers['if-match'];
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value.trim());
  if (!match?.[1]) throw new PreconditionFailedError();
  return Number(match[1]);
}
