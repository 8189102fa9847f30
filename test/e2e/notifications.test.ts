// Issue 14 point 7 over HTTP on the real `npm start`: an admin sets a unit's notification address; a coordinator
// files an urgent protection request; the unit's inbox (GET /_local/mail) gets one neutral e-mail with a link,
// whatever the hour (the suite reruns at 00:30 Bucharest, inside quiet hours), and never a second one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCase } from '../support/factories.ts';
import { type LocalRuntime, now, startLocalRuntime } from '../support/local-runtime.ts';
import { aProtectionRequest } from '../support/protection-voucher-factories.ts';

let runtime: LocalRuntime;
let admin: string;
let coordinator: string;

beforeAll(async () => {
  runtime = await startLocalRuntime();
  admin = runtime.token('--role', 'admin', '--sub', 'e2e-notify-admin');
  coordinator = runtime.token('--role', 'coordinator', '--county', 'DJ', '--sub', 'e2e-notify');
});

afterAll(async () => {
  await runtime.stop();
});

describe('an urgent protection request tells its unit by e-mail', () => {
  it('sends the unit one e-mail with a count and a console link, and nothing about the person', async () => {
    const unit = `DIICOT-E2E-${Date.now().toString(36).toUpperCase()}`;
    const address = `${unit.toLowerCase()}@example.ro`;
    const targets = await runtime.http('PUT', `/notification-targets/unit:${unit}`, {
      token: admin,
      ifMatch: 0,
      body: { emails: [address] },
    });
    expect(targets.status).toBe(200);
    expect(targets.headers.get('etag')).toBe('"1"');

    const opened = await runtime.http('POST', '/cases', {
      token: coordinator,
      body: aCase({ prosecutorUnit: unit }),
    });
    expect(opened.status).toBe(201);
    const filed = await runtime.http('POST', `/cases/${opened.body.id}/protection-requests`, {
      token: coordinator,
      body: aProtectionRequest({ urgent: true }),
    });
    expect(filed.status).toBe(201);

    await runtime.clock(now());
    const mails = await runtime.mail(address);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Alături: notificare / notification');
    expect(mails[0]?.text).toContain(`${runtime.base}/console/queue`);
    expect(mails[0]?.text).toContain('One urgent request awaits a decision');
    expect(mails[0]?.text).not.toMatch(/Ana|Popescu|recruiter|1234\/D\/P/);

    // Another run of every job sends nothing more.
    await runtime.clock(new Date(now().getTime() + 10 * 60_000));
    expect(await runtime.mail(address)).toHaveLength(1);
  });
});
