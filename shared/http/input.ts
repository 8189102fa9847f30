// Reading a request: the body's size, path, query, body and If-Match checked against the route's zod schemas
// (middy's parsers turn the body into a value first). Every refusal names the failing field.
import type * as z from 'zod/mini';
import '../domain/zod-setup.ts';
import {
  type FieldProblem,
  PayloadTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '../domain/errors.ts';

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

/** The service's own body limit, far below API Gateway's: checked on the raw body, before it is parsed. */
export function assertBodyFits(raw: string, maxBytes: number): void {
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new PayloadTooLargeError(maxBytes);
}

/** `If-Match: "3"` (or W/"3", or 3) -> 3. Missing -> 428; anything that is not a version cannot match -> 412. */
export function readIfMatch(headers: Record<string, string>): number {
  const value = headers['if-match'];
  if (value === undefined || value.trim() === '') throw new PreconditionRequiredError();
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(value.trim());
  if (!match?.[1]) throw new PreconditionFailedError();
  return Number(match[1]);
}
