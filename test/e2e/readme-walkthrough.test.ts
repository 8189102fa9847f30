// The README's "Your first five minutes", run as a newcomer would: its `sh` blocks in one bash session from the
// project folder against `npm start`, each answer checked against the one the README shows after it. A change
// of the service that the README does not follow fails here. Also: every package.json script is in the README.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../support/local-runtime.ts';
import {
  isStartCommand,
  jsonMismatches,
  textMismatches,
  type WalkthroughStep,
  walkthroughSteps,
} from '../support/readme-walkthrough.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const steps = walkthroughSteps(README);
const commands = steps.filter((step) => !isStartCommand(step.command));

let runtime: LocalRuntime;
/** What each command printed (stdout and stderr, as a terminal shows them) and its exit status. */
const printed = new Map<WalkthroughStep, { output: string; status: number }>();

/** The README's `localhost:3000` is this test's server. */
const local = (text: string) =>
  text.replaceAll('http://localhost:3000', runtime.base).replaceAll('localhost:3000', runtime.base);

/** Runs every command in one bash, as one terminal would (variables carry over), each framed by markers. */
function runInOneShell(): Promise<string> {
  const script = [
    'exec 2>&1',
    ...commands.flatMap((step, i) => [
      `echo "@@step ${i}@@"`,
      local(step.command),
      `echo "@@status ${i} $?@@"`,
    ]),
  ].join('\n');
  return new Promise((done, fail) => {
    execFile(
      'bash',
      ['-c', script],
      {
        cwd: ROOT,
        // The token must come from the key of the server under test, as the README says.
        env: { ...process.env, DATA_DIR: runtime.dataDir },
        timeout: 240_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout) => (error ? fail(new Error(`${error.message}\n${stdout}`)) : done(stdout)),
    );
  });
}

beforeAll(async () => {
  runtime = await startLocalRuntime();
  const transcript = await runInOneShell();
  commands.forEach((step, i) => {
    const framed = new RegExp(`@@step ${i}@@\\n([\\s\\S]*?)@@status ${i} (\\d+)@@`).exec(transcript);
    if (framed) printed.set(step, { output: framed[1] ?? '', status: Number(framed[2]) });
  });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the README walkthrough "Your first five minutes"', () => {
  it('has a start, a token and a dozen commands with their answers', () => {
    expect(steps.filter((step) => isStartCommand(step.command))).toHaveLength(1);
    expect(commands.some((step) => step.command.includes('npm run -s token'))).toBe(true);
    expect(commands.filter((step) => step.answer).length).toBeGreaterThanOrEqual(10);
  });

  it('prints the ready line the README shows when npm start is up', () => {
    const start = steps.find((step) => isStartCommand(step.command));
    expect(start?.answer?.kind).toBe('text');
    expect(textMismatches(local(start?.answer?.text ?? ''), runtime.output())).toEqual([]);
  });

  it.each(commands.map((step) => [step.line, step.command.split('\n')[0], step] as const))(
    'README line %i: `%s` answers as the README shows',
    (_line, _first, step) => {
      const result = printed.get(step);
      expect(result, 'the command ran').toBeDefined();
      expect(result?.status, result?.output).toBe(0);
      if (!step.answer) return;
      const output = result?.output.trim() ?? '';
      if (step.answer.kind === 'text') {
        expect(textMismatches(local(step.answer.text), output)).toEqual([]);
        return;
      }
      let answer: unknown;
      try {
        answer = JSON.parse(output);
      } catch {
        throw new Error(`README line ${step.line}: the command printed no JSON:\n${output}`);
      }
      expect(jsonMismatches(JSON.parse(local(step.answer.text)), answer)).toEqual([]);
    },
  );
});

describe('the README', () => {
  it('names every script of package.json in its list of scripts', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
        .scripts,
    );
    const list = README.slice(
      README.indexOf('\n## Scripts\n'),
      README.indexOf('\n## ', README.indexOf('\n## Scripts\n') + 2),
    );
    const named = [...list.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(named.sort()).toEqual(scripts.sort());
  });
});
