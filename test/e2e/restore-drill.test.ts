// Issue 17: the restore drill on the data an e2e run leaves. A case, a hearing with its reminders and a STOP are
// written through the real `npm start`; once it has stopped, `npm run restore-drill` restores every table into
// fresh tables and every item comes back with the same checksum.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import { bucharestAt, type LocalRuntime, startLocalRuntime, uniquePhone } from '../support/local-runtime.ts';

let runtime: LocalRuntime;
let drillOutput: string;

beforeAll(async () => {
  runtime = await startLocalRuntime();
  const coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-restore');
  const phone = uniquePhone();
  const created = await runtime.http('POST', '/cases', {
    token: coordinator,
    body: aCase({ victim: { phone } }),
  });
  expect(created.status).toBe(201);
  const hearing = await runtime.http('POST', `/cases/${created.body.id}/hearings?allowConflict=true`, {
    token: coordinator,
    body: {
      startsAt: bucharestAt(5, 11),
      durationMinutes: 60,
      kind: 'prosecutor_hearing',
      publicLocation: 'Str. Unirii 10, Craiova',
      remindVictim: true,
    },
  });
  expect(hearing.status).toBe(201);
  await runtime.sms(phone, 'STOP');
  expect([0, 130]).toContain(await runtime.stop());
  drillOutput = execFileSync(
    'node_modules/.bin/tsx',
    ['infra/local/restore-drill.ts', '--data-dir', runtime.dataDir],
    {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  console.log(drillOutput.trim());
});

afterAll(async () => {
  if (runtime) await runtime.stop();
});

describe('the restore drill on the e2e data', () => {
  it('restores every table and every item matches its checksum', () => {
    const total = drillOutput.match(
      /restore drill: (\d+) tables, (\d+) items exported, (\d+) restored, (\d+) checksums matched, (\d+) mismatched/,
    );
    expect(total).not.toBeNull();
    const [, tables, exported, restored, matched, mismatched] = (total ?? []).map(Number);
    // The three data tables and the console's sessions table.
    expect(tables).toBe(4);
    expect(exported).toBeGreaterThan(3);
    expect(restored).toBe(exported);
    expect(matched).toBe(exported);
    expect(mismatched).toBe(0);
  });

  it('finds items in every data table the case touched', () => {
    const tables = drillOutput.trim().split('\n').slice(0, -1);
    for (const name of ['alaturi-coordination', 'alaturi-insights', 'alaturi-audit']) {
      expect(tables.find((line) => line.trim().startsWith(`${name}:`))).toMatch(/: [1-9]\d* exported/);
    }
  });
});
