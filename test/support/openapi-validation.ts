// Checks responses against the OpenAPI document the server publishes, with ajv (JSON Schema 2020-12) and no
// service code: the operation by method and path template, the status, the media type, the body and the
// declared headers. Violations are kept, not thrown, so one run lists them all (openapi-validation-setup.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;

export interface ObservedResponse {
  method: string;
  /** The path the client called, with its query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface OpenApiReport {
  checked: number;
  violations: string[];
}

const report: OpenApiReport = { checked: 0, violations: [] };

export function openApiReport(): OpenApiReport {
  return { checked: report.checked, violations: [...report.violations] };
}

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped once more.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

const COMPONENT_BASE = 'https://alaturi.invalid/components/';

/** One document's operations, compiled lazily: each schema is compiled once, on the first response it checks. */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { regex: RegExp; template: string; params: number }[];

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    const components = (document['components'] ?? {}) as { schemas?: Record<string, unknown> };
    for (const [name, schema] of Object.entries(components.schemas ?? {}))
      this.ajv.addSchema(this.rewriteRefs(schema) as Json, `${COMPONENT_BASE}${name}`);
    this.templates = Object.keys((document['paths'] ?? {}) as Json).map((template) => ({
      template,
      params: (template.match(/\{/g) ?? []).length,
      regex: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[^/]+')}$`,
      ),
    }));
  }

  /** `#/components/schemas/X` in an operation's schema points at the component added under its own id. */
  private rewriteRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.rewriteRefs(v));
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
          ? `${COMPONENT_BASE}${v.slice('#/components/schemas/'.length)}`
          : this.rewriteRefs(v),
      ]),
    );
  }

  /** Follows a `$ref` to another part of the document (responses, headers, parameters). */
  private resolve<T>(value: T): T {
    const ref = (value as { $ref?: string } | undefined)?.$ref;
    if (!ref?.startsWith('#/')) return value;
    let node: unknown = this.document;
    for (const part of ref.slice(2).split('/'))
      node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return this.resolve(node as T);
  }

  private validator(key: string, schema: unknown): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.rewriteRefs(schema) as Json);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Everything wrong with one response, as sentences; empty when the document tells the truth about it. */
  check(response: ObservedResponse): string[] {
    const path = response.path.split('?')[0] ?? '/';
    const method = response.method.toLowerCase();
    const where = `${response.method} ${path} -> ${response.status}`;
    const headers = Object.fromEntries(
      Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const media = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const match = this.templates
      .filter((t) => t.regex.test(path))
      .sort((a, b) => a.params - b.params)
      .find((t) => ((this.document['paths'] as Json)[t.template] as Json)[method]);
    if (!match) {
      // Not an operation: only "no such route" answers may come back, as problems.
      if ([404, 405].includes(response.status) && media === 'application/problem+json') return [];
      return [`${where}: no operation in the document for this method and path`];
    }
    const operation = ((this.document['paths'] as Json)[match.template] as Json)[method] as {
      operationId: string;
      responses: Record<string, unknown>;
    };
    const id = operation.operationId;
    const declared =
      operation.responses[String(response.status)] ??
      operation.responses[`${String(response.status)[0]}XX`] ??
      operation.responses['default'];
    if (!declared) return [`${where} (${id}): status ${response.status} is not declared`];
    const described = this.resolve(declared) as {
      content?: Record<string, { schema?: unknown }>;
      headers?: Record<string, unknown>;
    };
    const problems: string[] = [];
    const content = described.content ?? {};
    if (Object.keys(content).length === 0) {
      if (response.text !== '') problems.push(`${where} (${id}): a body where the document declares none`);
    } else if (!content[media]) {
      problems.push(
        `${where} (${id}): media type '${media}' is not among ${Object.keys(content).join(', ')}`,
      );
    } else {
      let body: unknown = response.text;
      if (/[/+]json$/.test(media)) {
        try {
          body = JSON.parse(response.text);
        } catch {
          problems.push(`${where} (${id}): the body is not JSON`);
        }
      }
      const validate = this.validator(`${id} ${response.status} ${media}`, content[media]?.schema ?? {});
      if (!validate(body))
        for (const e of validate.errors ?? [])
          problems.push(`${where} (${id}): body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
    }
    const declaredHeaders = Object.fromEntries(
      Object.entries(described.headers ?? {}).map(([name, h]) => [
        name.toLowerCase(),
        this.resolve(h) as { required?: boolean; schema?: unknown },
      ]),
    );
    for (const [name, header] of Object.entries(declaredHeaders)) {
      const value = headers[name];
      if (value === undefined) {
        if (header.required) problems.push(`${where} (${id}): required header ${name} is missing`);
        continue;
      }
      const validate = this.validator(`${id} ${response.status} header ${name}`, header.schema ?? {});
      if (!validate(value))
        problems.push(`${where} (${id}): header ${name} '${value}' ${validate.errors?.[0]?.message}`);
    }
    // The other direction: a success that sends a version or a new address the document does not mention.
    if (response.status < 300)
      for (const name of ['etag', 'location'])
        if (headers[name] !== undefined && !declaredHeaders[name])
          problems.push(`${where} (${id}): header ${name} is sent but not declared`);
    return problems;
  }
}

const validators = new Map<string, Promise<OpenApiValidator>>();

/** The validator for the document a server publishes at `${base}/openapi.json`, fetched once per server. */
function validatorFor(base: string): Promise<OpenApiValidator> {
  let validator = validators.get(base);
  if (!validator) {
    validator = fetch(`${base}/openapi.json`, { headers: { connection: 'close' } }).then(async (res) => {
      if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
      return new OpenApiValidator((await res.json()) as Json);
    });
    validators.set(base, validator);
  }
  return validator;
}

/** Checks one response of the server at `base` and records the outcome; local-only routes are no contract. */
export async function checkServerResponse(base: string, response: ObservedResponse): Promise<void> {
  if (response.path.startsWith('/_local/')) return;
  record((await validatorFor(base)).check(response));
}

/** Checks one response against a document the caller already holds (the in-process handler tests). */
export function checkResponse(validator: OpenApiValidator, response: ObservedResponse): void {
  record(validator.check(response));
}

function record(problems: string[]): void {
  report.checked += 1;
  report.violations.push(...problems);
}

/**
 * Where `npm test` collects the counts of every test file (OPENAPI_RESPONSES_DIR): one JSON file each, which
 * test/support/openapi-check.ts adds up into "openapi: N responses checked, N violations".
 */
export function writeReport(): void {
  const dir = process.env['OPENAPI_RESPONSES_DIR'];
  if (!dir || report.checked === 0) return;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(report));
}
