// Throughput of the local runtime: the real server (`infra/local/start.ts`) in its own process, loaded by
// test/bench/load-generator.ts in another, on loopback; the server's peak memory from /proc/<pid>/status.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../infra/local/dynamodb-local.ts';
import { createIssuer } from '../../infra/local/token-issuer.ts';
import type { LoadFigures, LoadSettings } from './load-generator.ts';
import { aCaseBody, coordinator } from './operations.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

export interface ThroughputFigures {
  runs: LoadFigures[];
  /** VmHWM of the server process (Node only; DynamoDB Local's JVM is a process of its own), MB. */
  serverPeakMemoryMb: number;
}

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function waitForHealth(base: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the local server exited early: ${log()}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the local server did not answer /health: ${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function measureThroughput(seconds: number): Promise<ThroughputFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'alaturi-bench-server-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: base,
      // No scheduled job during the measurement, and no log line per request (it would measure the pipe).
      JOB_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'WARN',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const stopOnExit = () => server.kill('SIGKILL');
  process.once('exit', stopOnExit);
  try {
    await waitForHealth(base, server, () => stderr);
    const issuer = await createIssuer(join(dataDir, 'jwt-key.json'));
    const token = await issuer.sign(coordinator);
    const created = await fetch(`${base}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(aCaseBody()),
    });
    if (created.status !== 201) throw new Error(`POST /cases on the local server: ${created.status}`);
    const caseId = ((await created.json()) as { id: string }).id;
    const secrets = JSON.parse(readFileSync(join(dataDir, 'local-secrets.json'), 'utf8')) as {
      pepper: string;
    };

    const runs: LoadFigures[] = [];
    for (const kind of ['get-case', 'inbound-sms'] as const) {
      for (const concurrency of [1, 16]) {
        const settings: LoadSettings = {
          port,
          kind,
          concurrency,
          seconds,
          maxRequests: 200_000,
          caseId,
          token,
          signedUrl: `${base}/sms/inbound`,
        };
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', 'test/bench/load-generator.ts', JSON.stringify(settings)],
          {
            cwd: ROOT,
            env: {
              PATH: process.env['PATH'] ?? '',
              STAGE: 'local',
              HMAC_PEPPER: secrets.pepper,
              PUBLIC_BASE_URL: base,
              LOG_LEVEL: 'WARN',
            },
            timeout: (seconds + 60) * 1000,
          },
        );
        runs.push(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as LoadFigures);
      }
    }
    const serverPid = server.pid;
    if (serverPid === undefined) throw new Error('the local server has no pid');
    return { runs, serverPeakMemoryMb: peakMemoryMb(serverPid) };
  } finally {
    await stopServer(server);
    process.removeListener('exit', stopOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
