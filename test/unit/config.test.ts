import { afterEach, describe, expect, it, vi } from 'vitest';

// The configuration is parsed when shared/config.ts loads, so a bad setting stops the cold start (the import)
// with the setting's name, before any request.
describe('the configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    vi.resetModules();
  });

  it('stops the import of config.ts with a message naming a bad setting', async () => {
    vi.resetModules();
    process.env['SUPPRESSION_K'] = '2';
    await expect(import('../../shared/config.ts')).rejects.toThrow(
      /Invalid configuration: SUPPRESSION_K: k below 3/,
    );
  });

  it('stops the import of a Lambda entry too, before its first request', async () => {
    vi.resetModules();
    process.env['PUBLIC_BASE_URL'] = 'not a url';
    await expect(import('../../functions/exports/handler.ts')).rejects.toThrow(/PUBLIC_BASE_URL/);
  });

  it('names every bad setting at once', async () => {
    const { parseConfig } = await import('../../shared/config.ts');
    expect(() => parseConfig({ SEND_CONCURRENCY: '0', STAGE: 'prod' })).toThrow(
      /STAGE: .*; SEND_CONCURRENCY: |SEND_CONCURRENCY: .*; STAGE: /,
    );
  });

  it('loads with the defaults when nothing is set', async () => {
    const { parseConfig } = await import('../../shared/config.ts');
    expect(parseConfig({}).SUPPRESSION_K).toBe(5);
  });
});
