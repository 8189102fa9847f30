// A problem document keeps RFC 9457's own members whatever extensions an error carries.
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.ts';
import { problemResponse } from '../../shared/http/problem.ts';

describe('a problem document', () => {
  it('keeps the HTTP status as its status even when an extension is named status', () => {
    const error = new ConflictError('Already decided.', { status: 'decided', currentStatus: 'decided' });
    const body = JSON.parse(problemResponse(error, 'req-1').body);
    expect(body).toMatchObject({
      status: 409,
      title: 'Conflict',
      currentStatus: 'decided',
      requestId: 'req-1',
    });
  });
});
