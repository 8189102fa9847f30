// How every Lambda is bundled, in one place: the CDK stack builds its assets with these esbuild settings and
// the benchmark (npm run bench) builds the same bundles to measure their size and cold start (import + first request).
import type { BuildOptions } from 'esbuild';

/**
 * ESM output cannot `require`, but CommonJS packages bundled into it (twilio, parts of middy's deps) call
 * `require('node:https')` and the like: without this banner they fail with `Dynamic require of ... is not
 * supported` at cold start.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** The Lambda runtime is nodejs22.x: esbuild may emit syntax that Node 22 runs natively. */
export const NODE_TARGET = 'node22';

export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'esm',
  minify: true,
  // No source maps: smaller bundles, faster cold starts, and no source in the deployed artifact.
  sourcemap: false,
  // ESM builds first, so packages that ship both are tree-shaken.
  mainFields: ['module', 'main'],
  // The SDK v3 is in the nodejs22.x runtime; bundling it would add ~0.5 MB to every function.
  external: ['@aws-sdk/*'],
  banner: { js: ESM_REQUIRE_BANNER },
} satisfies BuildOptions;

export type LambdaName = 'coordination' | 'sms' | 'exports' | 'send-messages' | 'daily-jobs' | 'console';

export interface LambdaEntry {
  name: LambdaName;
  /** Path from the project root; the module exports `handler`. */
  entry: string;
  /** `api` functions answer HTTP requests (10 s timeout); `job` functions run from a stream or schedule (60 s). */
  kind: 'api' | 'job';
}

export const lambdaEntries: readonly LambdaEntry[] = [
  { name: 'coordination', entry: 'functions/coordination/handler.ts', kind: 'api' },
  { name: 'sms', entry: 'functions/sms/handler.ts', kind: 'api' },
  { name: 'exports', entry: 'functions/exports/handler.ts', kind: 'api' },
  { name: 'send-messages', entry: 'functions/jobs/send-messages.ts', kind: 'job' },
  { name: 'daily-jobs', entry: 'functions/jobs/daily-jobs.ts', kind: 'job' },
  { name: 'console', entry: 'functions/console/handler.tsx', kind: 'api' },
];
