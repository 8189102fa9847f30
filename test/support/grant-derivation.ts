// Grants that follow the code (issue 13): what each function's bundle can reach, read from esbuild's metafile and
// the tree-shaken output, and what the synthesized stack grants its role, both as the same small capability set.
import { build } from 'esbuild';
import { esbuildOptions, type LambdaEntry } from '../../infra/bundling.ts';
import type { RouteDefinition } from '../../shared/http/route.ts';

/**
 * `ses`: sending e-mail through SES (the client's import); `table:<id>`: a table of tables.ts; `key:through-dynamodb`: the data key as the tables' encryption (any table
 * brings it); `key:direct`: the personal-data cipher's own KMS calls; `secret:<name>`: one secret's value. An
 * AWS client no rule knows comes out as `unknown:<package>`, and a grant no rule knows as `unclassified:...`,
 * so neither can go unnoticed.
 */
export type Capability = string;

/** The AWS SDK packages the rules below know; any other @aws-sdk import is an unknown capability. */
const KNOWN_SDK = new Set([
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sesv2',
]);

/** Functions of shared/data/secrets.ts, each reading one secret (the config names its ARN). */
const SECRET_READERS: Record<string, string> = { getPepper: 'pepper', getTwilioCredentials: 'twilio' };

/**
 * Code that runs only on some routes. recordAudit runs after a route that declares `audit` (api-handler.ts
 * auditTrail), listAudit only on the audit context's routes: a function serving neither never writes the trail.
 */
function gatedOut(module: string, routes: readonly RouteDefinition[]): boolean {
  if (module !== 'shared/data/audit-repository.ts') return false;
  return !routes.some((route) => route.audit !== undefined || route.path.startsWith('/audit'));
}

/** The output split by module: esbuild heads each module's surviving code with `// <path>`. */
function sections(text: string): Map<string, string> {
  const byModule = new Map<string, string>();
  let current = '';
  for (const line of text.split('\n')) {
    const head = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(line);
    if (head) {
      current = head[1] as string;
      continue;
    }
    if (current) byModule.set(current, `${byModule.get(current) ?? ''}${line}\n`);
  }
  return byModule;
}

export interface CodeReach {
  capabilities: Capability[];
  /** Per capability, the modules that reach it: the report a failing comparison prints. */
  because: Record<Capability, string[]>;
}

/** Builds the function as the stack does (tree-shaken, not minified so modules stay named) and reads its reach. */
export async function codeReach(entry: LambdaEntry, routes: readonly RouteDefinition[]): Promise<CodeReach> {
  const result = await build({
    ...esbuildOptions,
    minify: false,
    entryPoints: [entry.entry],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const file = result.outputFiles[0];
  if (!output || !file) throw new Error(`esbuild produced no bundle for ${entry.name}`);
  const because: Record<Capability, string[]> = {};
  const add = (capability: Capability, module: string) => {
    because[capability] = [...new Set([...(because[capability] ?? []), module])];
  };

  // Modules whose code survived tree-shaking, and the AWS SDK packages they import (dynamic imports too).
  const reached = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  for (const module of reached) {
    for (const imported of result.metafile.inputs[module]?.imports ?? []) {
      if (!imported.external || !imported.path.startsWith('@aws-sdk/')) continue;
      if (!KNOWN_SDK.has(imported.path)) add(`unknown:${imported.path}`, module);
      if (imported.path === '@aws-sdk/client-kms') add('key:direct', module);
      if (imported.path === '@aws-sdk/client-sesv2') add('ses', module);
    }
  }

  // Which table each module's surviving code names, and which secret reader survived.
  for (const [module, code] of sections(file.text)) {
    if (!module.startsWith('shared/') && !module.startsWith('functions/')) continue;
    if (gatedOut(module, routes)) continue;
    for (const match of code.matchAll(/tableNames\(\)\.(\w+)/g)) {
      add(`table:${match[1]}`, module);
      add('key:through-dynamodb', module);
    }
    // The console's sessions live in its own table (AWS-managed encryption: no key grant), named by config.
    if (/getConfig\(\)\.CONSOLE_SESSIONS_TABLE/.test(code)) add('table:consoleSessions', module);
    for (const [reader, secret] of Object.entries(SECRET_READERS)) {
      if (new RegExp(`function ${reader}\\(`).test(code)) add(`secret:${secret}`, module);
    }
  }
  return { capabilities: Object.keys(because).sort(), because };
}

/** A statement of an IAM policy document as the template holds it. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** The resources the classification knows, as the template spells them (resolved tokens). */
export interface StackResources {
  tables: Record<string, unknown>;
  streams: unknown[];
  key: unknown;
  secrets: Record<string, unknown>;
  /** Log group, X-Ray and failure queue: what the stack wires around the code, not what the code calls. */
  logGroup: unknown;
  failureQueues: unknown[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const includes = (resource: unknown, target: unknown) =>
  JSON.stringify(resource).includes(JSON.stringify(target));
const actionsOf = (s: PolicyStatement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/**
 * The capability a statement grants, or `wiring` for what the stack needs around the code (logs, traces, the
 * stream trigger, the failure destination), or `unclassified:<actions>` when no rule fits.
 */
export function classify(statement: PolicyStatement, stack: StackResources): Capability {
  const actions = actionsOf(statement);
  const every = (prefix: string) => actions.every((a) => a.startsWith(prefix));
  const unclassified = `unclassified:${actions.join(',')}`;
  if (statement.Effect !== 'Allow') return unclassified;
  if (every('logs:') && same(statement.Resource, stack.logGroup)) return 'wiring';
  if (actions.every((a) => a === 'xray:PutTraceSegments' || a === 'xray:PutTelemetryRecords'))
    return 'wiring';
  if (every('sqs:') && stack.failureQueues.some((q) => same(statement.Resource, q))) return 'wiring';
  if (every('dynamodb:') && stack.streams.some((s) => includes(statement.Resource, s))) return 'wiring';
  if (every('dynamodb:')) {
    const tables = Object.entries(stack.tables).filter(([, arn]) => includes(statement.Resource, arn));
    return tables.length === 1 ? `table:${tables[0]?.[0]}` : unclassified;
  }
  if (every('kms:') && same(statement.Resource, stack.key)) {
    const viaService = JSON.stringify(statement.Condition ?? {}).includes('kms:ViaService');
    return viaService ? 'key:through-dynamodb' : 'key:direct';
  }
  // Sending e-mail: only SendEmail, only on SES identities (the stack names the configured one).
  if (
    actions.every((a) => a === 'ses:SendEmail') &&
    JSON.stringify(statement.Resource).includes(':identity/')
  )
    return 'ses';
  if (every('secretsmanager:')) {
    const secret = Object.entries(stack.secrets).find(([, arn]) => same(statement.Resource, arn));
    return secret ? `secret:${secret[0]}` : unclassified;
  }
  return unclassified;
}

/** What a role's statements grant, as capabilities (wiring left out). */
export function grantedCapabilities(statements: PolicyStatement[], stack: StackResources): Capability[] {
  const granted = new Set(statements.map((s) => classify(s, stack)));
  granted.delete('wiring');
  return [...granted].sort();
}

/** Every difference, one sentence each; empty when the stack grants exactly what the code reaches. */
export function grantDifferences(name: string, reach: CodeReach, granted: readonly Capability[]): string[] {
  const missing = reach.capabilities
    .filter((c) => !granted.includes(c))
    .map((c) => `${name}: the code reaches ${c} (${reach.because[c]?.join(', ')}), the stack grants none`);
  const extra = granted
    .filter((c) => !reach.capabilities.includes(c))
    .map((c) => `${name}: the stack grants ${c}, no code of the function reaches it`);
  return [...missing, ...extra];
}
