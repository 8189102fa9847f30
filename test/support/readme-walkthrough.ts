// Reads the README's walkthrough ("## Your first five minutes") as steps: each `sh` block is a command, and the
// fenced `json` or `text` block right after it is the answer the README promises. Compares an answer with what
// the service printed: `…` stands for any value, and an object shows only the fields it names.

export interface WalkthroughStep {
  /** The command as the README spells it. */
  command: string;
  /** The README's line of the command, for messages. */
  line: number;
  answer?: { kind: 'json' | 'text'; text: string };
}

export const WALKTHROUGH_HEADING = '## Your first five minutes';

/** The steps of the section under `heading`, in order. */
export function walkthroughSteps(markdown: string, heading = WALKTHROUGH_HEADING): WalkthroughStep[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`The README has no section "${heading}"`);
  const end = markdown.indexOf('\n## ', start + heading.length + 2);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  const firstLine = markdown.slice(0, start).split('\n').length;
  const steps: WalkthroughStep[] = [];
  for (const block of section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    const [, kind, body = ''] = block;
    const line = firstLine + section.slice(0, block.index).split('\n').length;
    if (kind === 'sh') {
      steps.push({ command: body.trimEnd(), line });
      continue;
    }
    const last = steps.at(-1);
    if ((kind === 'json' || kind === 'text') && last && !last.answer) {
      last.answer = { kind, text: body.trimEnd() };
      continue;
    }
    throw new Error(
      `README line ${line}: a \`${kind}\` block that answers no command (only sh, then json/text)`,
    );
  }
  return steps;
}

/** The command that starts the service: shown in the walkthrough, started by the test itself. */
export function isStartCommand(command: string): boolean {
  return /^(npm ci && )?npm start$/.test(command.trim());
}

const ANY = '…';

/** Whether a README string (with `…` for any run of characters) matches. */
function matchesPattern(expected: string, actual: string): boolean {
  const escaped = expected.split(ANY).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[\\s\\S]*')}$`).test(actual);
}

/** Where `actual` differs from the README's `expected` JSON, one sentence each; empty when it matches. */
export function jsonMismatches(expected: unknown, actual: unknown, path = '$'): string[] {
  if (expected === ANY) return actual === undefined ? [`${path}: missing`] : [];
  if (typeof expected === 'string') {
    return typeof actual === 'string' && matchesPattern(expected, actual)
      ? []
      : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, i) => jsonMismatches(item, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      jsonMismatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** The README's text lines that `output` does not hold as lines of its own, in order. */
export function textMismatches(expected: string, output: string): string[] {
  const lines = output.split('\n');
  let from = 0;
  const missing: string[] = [];
  for (const wanted of expected.split('\n')) {
    const at = lines.findIndex((line, i) => i >= from && matchesPattern(wanted, line));
    if (at < 0) missing.push(`missing line: ${wanted}`);
    else from = at + 1;
  }
  return missing;
}
