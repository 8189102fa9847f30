// The contract step of `npm test`: lints the generated OpenAPI document with Redocly's recommended rules
// (offline, no telemetry) and adds up what the e2e suites found when they checked each response against it.
// Usage: tsx test/support/openapi-check.ts <responses dir> <result json>
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenApi } from '../../shared/http/openapi.ts';
import { routes } from '../../shared/http/routes.ts';
import type { OpenApiReport } from './openapi-validation.ts';

const [responsesDir, resultFile] = process.argv.slice(2);
if (!responsesDir || !resultFile) throw new Error('usage: openapi-check.ts <responses dir> <result json>');

const documentFile = join(mkdtempSync(join(tmpdir(), 'alaturi-openapi-')), 'openapi.json');
writeFileSync(documentFile, JSON.stringify(buildOpenApi(routes), null, 2));

const lint = spawnSync(
  'node_modules/.bin/redocly',
  ['lint', '--extends=recommended', '--format=json', documentFile],
  {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  },
);
let errors = 1;
let warnings = 0;
try {
  const out = JSON.parse(lint.stdout) as {
    totals: { errors: number; warnings: number };
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  ({ errors, warnings } = out.totals);
  for (const p of out.problems)
    console.log(`  ${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
} catch {
  console.log(`redocly lint did not answer in JSON (exit ${lint.status}):\n${lint.stdout}\n${lint.stderr}`);
}
console.log(`redocly lint (recommended): ${errors} errors, ${warnings} warnings`);

let checked = 0;
const violations: string[] = [];
if (existsSync(responsesDir))
  for (const file of readdirSync(responsesDir).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(responsesDir, file), 'utf8')) as OpenApiReport;
    checked += report.checked;
    violations.push(...report.violations);
  }
for (const v of violations) console.log(`  ${v}`);
console.log(`openapi: ${checked} responses checked, ${violations.length} violations`);

// A run that checked nothing proves nothing: it fails like a violation would.
const outcomes = [errors === 0, checked > 0 && violations.length === 0];
writeFileSync(
  resultFile,
  JSON.stringify({
    numPassedTests: outcomes.filter(Boolean).length,
    numFailedTests: outcomes.filter((ok) => !ok).length,
  }),
);
process.exit(outcomes.every(Boolean) ? 0 : 1);
