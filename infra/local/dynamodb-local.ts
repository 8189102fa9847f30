// Fetches, starts and stops DynamoDB Local, the official emulator, for the local runtime, tests and bench.
// The jar comes from an npm tarball (its licence forbids committing it) into an ignored folder.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const PACKAGE_SHA1 = 'a7ec81c475dc309aa15d047d8d03679c8be49189';
export const EMULATOR_DIR = resolve(import.meta.dirname, '../../.dynamodb-local');

/** Makes sure the emulator is on disk, fetching the npm tarball and checking its sha1 when it is not. */
export function ensureDynamoDbLocal(dir = EMULATOR_DIR): string {
  const jar = join(dir, 'DynamoDBLocal.jar');
  if (existsSync(jar)) return dir;
  const work = mkdtempSync(join(tmpdir(), 'ddb-local-'));
  try {
    const name = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .pop();
    if (!name) throw new Error(`npm pack ${PACKAGE} printed no file name`);
    const tarball = join(work, name);
    const sha1 = createHash('sha1').update(readFileSync(tarball)).digest('hex');
    if (sha1 !== PACKAGE_SHA1) throw new Error(`${PACKAGE} has sha1 ${sha1}, expected ${PACKAGE_SHA1}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(resolve(dir, '..'), { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package/emulator'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

// An interrupted run skips teardown: kill every JVM we started on any way out of this process.
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export async function startDynamoDbLocal(
  options: { dbPath?: string; port?: number; avoidPorts?: readonly number[] } = {},
): Promise<DynamoDbLocal> {
  const dir = ensureDynamoDbLocal();
  let port = options.port ?? (await freePort());
  // A port chosen free and released (the server's, picked by whoever started us) can come back from the OS
  // here; the JVM would then hold it and the server could not listen.
  while (options.port === undefined && options.avoidPorts?.includes(port)) port = await freePort();
  const storage = options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory'];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  installExitHooks();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', () => running.delete(child));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early: ${stderr}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
