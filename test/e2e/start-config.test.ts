import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { javaProcessesFor } from '../support/local-runtime.ts';

/** `npm start` with one setting changed: its exit code and what it printed. */
function npmStart(
  setting: Record<string, string>,
  dataDir = mkdtempSync(join(tmpdir(), 'alaturi-start-')),
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', ...setting },
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

describe('npm start on a port another process holds', () => {
  it('says which port is taken, exits 1 and leaves no DynamoDB Local behind', async () => {
    const holder = createServer();
    await new Promise<void>((ready) => holder.listen(0, '127.0.0.1', ready));
    const port = (holder.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-busy-'));
    try {
      const { code, output } = await npmStart({ PORT: String(port) }, dataDir);
      expect(output).toContain(`Could not start: port ${port} is already in use`);
      expect(output).not.toMatch(/EADDRINUSE|at Server\./);
      expect(code).toBe(1);
      expect(javaProcessesFor(dataDir)).toBe(0);
    } finally {
      holder.close();
    }
  });
});

describe('npm run token', () => {
  const token = (...args: string[]) => {
    try {
      return {
        code: 0,
        out: execFileSync('node_modules/.bin/tsx', ['infra/local/token.ts', ...args], {
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      };
    } catch (error) {
      const failed = error as { status: number; stderr: string };
      return { code: failed.status, out: failed.stderr };
    }
  };

  it('prints its usage for --help and exits 0', () => {
    const { code, out } = token('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: npm run token -- --role coordinator\|prosecutor\|analyst\|admin/);
  });

  it('names an unknown option and exits 2, without a stack trace', () => {
    const { code, out } = token('--bogus');
    expect(code).toBe(2);
    expect(out).toContain("Unknown option '--bogus'");
    expect(out).not.toMatch(/\n\s+at /);
  });
});
