// The OpenAPI document says what the API answers, and the validator the tests use catches a response it does
// not describe.
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/http/routes.ts';
import { type ObservedResponse, OpenApiValidator } from '../support/openapi-validation.ts';

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = Record<string, any>;

const document = buildOpenApi(routes) as Json;
const operations = Object.entries(document['paths'] as Json).flatMap(([path, methods]) =>
  Object.entries(methods as Json).map(([method, operation]) => ({
    path,
    method,
    operation: operation as Json,
  })),
);
const operation = (id: string) => {
  const found = operations.find((o) => o.operation['operationId'] === id);
  if (!found) throw new Error(`no operation ${id}`);
  return found.operation;
};
const success = (id: string, status = '200') => operation(id)['responses'][status] as Json;

describe('the OpenAPI document', () => {
  it('names a server and describes the body of every success that has one', () => {
    expect(document['servers']).toEqual([expect.objectContaining({ url: '/' })]);
    const silent = operations.flatMap(({ operation: op }) =>
      Object.entries(op['responses'] as Json)
        .filter(([status]) => status.startsWith('2') && status !== '204')
        .filter(([, response]) => !(response as Json)['content'])
        .map(([status]) => `${op['operationId']} ${status}`),
    );
    expect(silent).toEqual([]);
  });

  it('declares the non-JSON media types the API sends', () => {
    expect(Object.keys(success('exportFeedback')['content'])).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(success('exportIndicators')['content'])).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(success('hearingCalendarIcs')['content'])).toEqual(['text/calendar']);
    expect(Object.keys(success('inboundSms')['content'])).toEqual(['text/xml']);
  });

  it('declares both answers of an invitation: 202 sent and 200 skipped', () => {
    expect(success('inviteToSurvey', '202')['content']['application/json']).toBeDefined();
    expect(success('inviteToSurvey', '200')['content']['application/json']).toBeDefined();
  });

  it('declares ETag on one resource, Location on a created one, and neither on a list', () => {
    expect(Object.keys(success('getCase')['headers'])).toEqual(['ETag']);
    expect(Object.keys(success('createCase', '201')['headers'])).toEqual(['ETag', 'Location']);
    expect(success('listCases')['headers']).toBeUndefined();
  });

  it('derives the problem statuses from what a route reads', () => {
    const statuses = (id: string) => Object.keys(operation(id)['responses']).filter((s) => s >= '400');
    expect(statuses('patchHearing')).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '412', '413', '415', '422', '428', '503']),
    );
    expect(statuses('listCases')).not.toContain('412');
    expect(statuses('listCases')).not.toContain('415');
    expect(statuses('inboundSms')).not.toContain('401');
  });

  it('keeps limits that sit inside zod pipes and the values of groupBy', () => {
    const body = operation('createHearing')['requestBody']['content']['application/json']['schema'];
    expect(body['properties']['publicLocation']).toMatchObject({ type: 'string', maxLength: 40 });
    const groupBy = (operation('exportFeedback')['parameters'] as Json[]).find(
      (p) => p['name'] === 'groupBy',
    );
    const pattern = new RegExp(groupBy?.['schema']['pattern']);
    expect(['none', 'county', 'county,language', 'stage,age'].every((v) => pattern.test(v))).toBe(true);
    expect(['nation', 'county;language', ''].some((v) => pattern.test(v))).toBe(false);
  });
});

describe('the response validator', () => {
  const validator = new OpenApiValidator(document);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): ObservedResponse => ({
    method: 'GET',
    path: '/cases/01J0000000000000000000000A',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    text: JSON.stringify(body),
  });

  it('accepts a problem the document declares', () => {
    const problem = { type: 'https://alaturi.ro/problems/not-found', title: 'Not Found', status: 404 };
    expect(
      validator.check({ ...json(404, problem), headers: { 'content-type': 'application/problem+json' } }),
    ).toEqual([]);
  });

  it('reports a body that breaks the schema, an undeclared status, a wrong media type and a missing ETag', () => {
    expect(validator.check(json(200, { id: 'not-a-ulid' }, { etag: '"1"' })).join('\n')).toMatch(/body/);
    expect(validator.check(json(418, {}))).toEqual([expect.stringMatching(/status 418 is not declared/)]);
    expect(
      validator.check({ ...json(404, {}), headers: { 'content-type': 'text/html' } }).join('\n'),
    ).toMatch(/media type 'text\/html'/);
    expect(validator.check(json(200, {})).join('\n')).toMatch(/required header etag is missing/);
  });

  it('reports an ETag sent where the document declares none', () => {
    const list = { ...json(200, { items: [], nextCursor: null }, { etag: '"3"' }), path: '/cases' };
    expect(validator.check(list)).toEqual([expect.stringMatching(/header etag is sent but not declared/)]);
  });
});
