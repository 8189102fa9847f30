// Bundle size and cold import time of each Lambda, bundled exactly as the CDK stack bundles them
// (infra/bundling.ts), against a bare handler that only creates a DynamoDB client, bundled the same way.
// Each import runs in a fresh `node` process and is timed inside it, so process start-up is excluded; the
// runs are interleaved (every bundle once per round) so all bundles share the machine's noise.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions, type LambdaEntry, lambdaEntries } from '../../infra/bundling.ts';
import { median } from './seed.ts';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
/** Inside the project, so the bundles resolve the external @aws-sdk/* from node_modules as in Lambda's runtime. */
export const BUNDLE_DIR = join(ROOT, '.bench', 'bundles');

const BARE_HANDLER = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => client.config.serviceId;`;

/** Size budgets: the sender carries Twilio's REST client, every other function must stay small. */
export function limitsFor(name: string): { sizeBytes: number; ratio: number } {
  return name === 'send-messages'
    ? { sizeBytes: 1024 * 1024, ratio: 2.5 }
    : { sizeBytes: 250 * 1024, ratio: 1.5 };
}

export interface BundleFigures {
  name: string;
  entry: string;
  sizeBytes: number;
  /** Median CPU time of the cold import (user + system of the importing process), ms. */
  medianCpuMs: number;
  /** Median wall-clock time of the cold import, ms (noisy when other processes share the CPU). */
  medianWallMs: number;
  /** Median over rounds of (this import's CPU ms / the bare import's CPU ms in the same round): budgeted. */
  ratio: number;
  /** The same paired median on wall-clock time, for comparison. */
  wallRatio: number;
  /** Where the bytes come from: the biggest packages (or project folders) in the output. */
  biggestInputs: { input: string; bytes: number }[];
}

export interface ColdStartFigures {
  runs: number;
  bare: { sizeBytes: number; medianCpuMs: number; medianWallMs: number };
  functions: BundleFigures[];
}

/** node_modules/<pkg> (or @scope/pkg), else the project folder: the unit one would act on to shrink a bundle. */
function owner(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  return input.split('/').slice(0, 2).join('/');
}

function biggestInputs(metafile: Metafile, outfile: string): { input: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(ROOT, path) === outfile)?.[1];
  const byOwner = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
  }
  return [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([input, bytes]) => ({ input, bytes }));
}

async function bundle(
  name: string,
  source: { entry: string } | { contents: string },
): Promise<{ outfile: string; sizeBytes: number; biggest: { input: string; bytes: number }[] }> {
  const outfile = join(BUNDLE_DIR, `${name}.mjs`);
  const result = await build({
    ...esbuildOptions,
    ...('entry' in source
      ? { entryPoints: [join(ROOT, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` } }),
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.entries(result.metafile.outputs).find(([path]) => resolve(ROOT, path) === outfile);
  return { outfile, sizeBytes: output?.[1].bytes ?? 0, biggest: biggestInputs(result.metafile, outfile) };
}

const PROBE = `const url = process.argv[1];
const t = performance.now();
const cpu = process.cpuUsage();
await import(url);
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (used.user + used.system) / 1000 }));`;

interface ImportTime {
  wall: number;
  cpu: number;
}

/** One cold import in a fresh process, timed inside it: wall clock and the process's own CPU time. */
async function coldImport(outfile: string): Promise<ImportTime> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', PROBE, pathToFileURL(outfile).href],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_REGION: 'eu-central-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        LOG_LEVEL: 'WARN',
      },
      timeout: 30_000,
    },
  );
  const time = JSON.parse(stdout) as ImportTime;
  if (!Number.isFinite(time.wall) || !Number.isFinite(time.cpu)) {
    throw new Error(`cold import of ${outfile} printed ${stdout}`);
  }
  return time;
}

export async function measureColdStart(runs: number): Promise<ColdStartFigures> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const bare = await bundle('bare-dynamodb-client', { contents: BARE_HANDLER });
  const built = await Promise.all(
    lambdaEntries.map(async (entry: LambdaEntry) => ({ entry, ...(await bundle(entry.name, entry)) })),
  );
  const subjects = [
    { name: 'bare', outfile: bare.outfile },
    ...built.map((b) => ({ name: b.entry.name, outfile: b.outfile })),
  ];
  const times = new Map<string, ImportTime[]>(subjects.map((s) => [s.name, []]));
  // One warm-up round fills the OS file cache for node_modules, so round 1 is not an outlier.
  for (const s of subjects) await coldImport(s.outfile);
  for (let round = 0; round < runs; round += 1) {
    // Rotate the order each round: no bundle always runs right after the same neighbour.
    const order = subjects.map(
      (_, i) => subjects[(i + round) % subjects.length] as (typeof subjects)[number],
    );
    for (const s of order) times.get(s.name)?.push(await coldImport(s.outfile));
  }
  const medians = (name: string) => {
    const list = times.get(name) ?? [];
    return { cpu: median(list.map((t) => t.cpu)), wall: median(list.map((t) => t.wall)) };
  };
  // The budgeted ratio pairs each import with the bare import of the same round and takes the median of
  // those ratios: a slow spell of the machine then slows both sides of a pair instead of one median.
  const pairedRatio = (name: string, field: 'cpu' | 'wall') => {
    const bare = times.get('bare') ?? [];
    const mine = times.get(name) ?? [];
    return median(mine.map((t, i) => t[field] / (bare[i]?.[field] ?? Number.NaN)));
  };
  const bareMs = medians('bare');
  return {
    runs,
    bare: { sizeBytes: bare.sizeBytes, medianCpuMs: bareMs.cpu, medianWallMs: bareMs.wall },
    functions: built.map((b) => {
      const ms = medians(b.entry.name);
      return {
        name: b.entry.name,
        entry: b.entry.entry,
        sizeBytes: b.sizeBytes,
        medianCpuMs: ms.cpu,
        medianWallMs: ms.wall,
        ratio: pairedRatio(b.entry.name, 'cpu'),
        wallRatio: pairedRatio(b.entry.name, 'wall'),
        biggestInputs: b.biggest,
      };
    }),
  };
}
