import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** `npm start` with one setting changed: its exit code and what it printed. */
function npmStart(setting: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'alaturi-start-')), PORT: '0', ...setting },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    // A start that got past the configuration would run until stopped: stop it, and report that it ran.
    const timer = setTimeout(() => child.kill('SIGINT'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

// The configuration is parsed when the service's modules load, before DynamoDB Local is launched: a bad
// setting stops `npm start` at once with the setting's name, not the first request.
describe('npm start with a bad setting', () => {
  it('stops with exit code 1 and a message naming the setting', async () => {
    const { code, output } = await npmStart({ SUPPRESSION_K: '2' });
    expect(output).toMatch(/Could not start: Invalid configuration: SUPPRESSION_K: k below 3/);
    expect(output).not.toMatch(/Alături is running/);
    expect(code).toBe(1);
  });

  it('names a setting of the local runtime too', async () => {
    const { code, output } = await npmStart({ JOB_INTERVAL_MS: 'soon' });
    expect(output).toMatch(/Could not start: Invalid configuration: JOB_INTERVAL_MS/);
    expect(code).toBe(1);
  });
});
