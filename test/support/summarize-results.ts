// Adds up the vitest JSON reports (and the benchmark's budgets) of one `npm test` run into the closing line
// "N passed, N failed", so a run that tested nothing shows as 0 passed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
let passed = 0;
let failed = 0;
if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      numPassedTests?: number;
      numFailedTests?: number;
      testResults?: { status: string; assertionResults?: { status: string }[] }[];
      budgets?: { held: boolean }[];
    };
    if (report.budgets) {
      passed += report.budgets.filter((b) => b.held).length;
      failed += report.budgets.filter((b) => !b.held).length;
    } else {
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      // A file that failed outside its tests (a beforeAll that timed out) fails no test and skips them all:
      // count it once, so a broken suite never reads as "0 failed".
      failed += (report.testResults ?? []).filter(
        (file) =>
          file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
      ).length;
    }
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
