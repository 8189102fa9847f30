// Opaque list cursors: DynamoDB's LastEvaluatedKey as base64url JSON. A cursor that does not decode, or that
// points into another partition than the caller may read, is a 400 on `cursor`, never a 500 or a leak.
import { ValidationError } from '../domain/errors.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const invalid = () => new ValidationError([{ path: 'cursor', message: 'Invalid cursor' }]);

export function decodeCursor<T = Record<string, unknown>>(
  cursor: string,
  expectedPartition?: { name: string; value: string },
): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const record = value as Record<string, unknown>;
  for (const v of Object.values(record)) {
    if (typeof v !== 'string' && (typeof v !== 'object' || v === null)) throw invalid();
  }
  if (expectedPartition) assertStartKey(record, expectedPartition);
  return value as T;
}

/**
 * A start key DynamoDB accepts: exactly the table's keys (pk, sk) plus, on an index, its own (gsiNpk, gsiNsk),
 * all strings, in the expected partition. Anything else DynamoDB would refuse with an error, not a 400.
 */
export function assertStartKey(
  key: Record<string, unknown>,
  expectedPartition: { name: string; value: string },
): void {
  const index = /^(gsi\d+)pk$/.exec(expectedPartition.name)?.[1];
  const names = ['pk', 'sk', ...(index ? [`${index}pk`, `${index}sk`] : [])];
  const keys = Object.keys(key);
  if (keys.length !== names.length || !names.every((n) => typeof key[n] === 'string')) throw invalid();
  if (key[expectedPartition.name] !== expectedPartition.value) throw invalid();
}
