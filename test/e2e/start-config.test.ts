import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';
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

/** The test's environment without these settings, as a newcomer's shell would be. */
function withoutSettings(...names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !names.includes(name)));
}

/** Kills what is left of a process group this file started (nothing, when the test passed). */
function killGroup(pid: number | undefined): void {
  try {
    process.kill(-(pid as number), 'SIGKILL');
  } catch {
    // the group is gone, as it should be
  }
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createConnection({ port, host: '127.0.0.1' });
    probe.once('connect', () => {
      probe.destroy();
      done(true);
    });
    probe.once('error', () => done(false));
  });
}

/** Polls `check` until it holds or `ms` pass; the last answer. */
async function within(ms: number, check: () => Promise<boolean> | boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// npm forwards SIGTERM only to its shell, which dies without passing it on; nobody passes on SIGHUP. The
// server watches the processes that started it and stops with the first of them, as Ctrl-C stops it.
// The ready line comes first: plain text a person reads, with what to do next, and no SDK notice above it.
describe.each(['SIGTERM', 'SIGHUP'] as const)('npm start, then %s to its npm process', (signal) => {
  it('prints a plain ready line, then stops the server and DynamoDB Local', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-signal-'));
    const npm = spawn('npm', ['start', '--silent'], {
      env: {
        ...withoutSettings('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'PUBLIC_BASE_URL'),
        DATA_DIR: dataDir,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so whatever a failed assertion leaves can be killed, and only that.
      detached: true,
    });
    let output = '';
    npm.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    npm.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    try {
      expect(await within(90_000, () => output.includes('Ctrl-C stops everything'))).toBe(true);
      expect(output).toContain(`Alături is running on http://localhost:${port}\n`);
      expect(output).toContain('  a token: npm run -s token -- --role coordinator --county DJ --sub ana\n');
      expect(output).not.toMatch(/NodeVersionSupportWarning|^\{/m);
      expect(await listening(port)).toBe(true);
      expect(javaProcessesFor(dataDir)).toBe(1);

      npm.kill(signal);

      expect(await within(15_000, async () => !(await listening(port)))).toBe(true);
      expect(await within(15_000, () => javaProcessesFor(dataDir) === 0)).toBe(true);
    } finally {
      killGroup(npm.pid);
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
