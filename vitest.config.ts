import { defineConfig } from 'vitest/config';

// Four layers, run in this order by `npm test`: unit (no I/O), integration (DynamoDB Local),
// e2e (the local server over HTTP), infra (CDK template assertions).
// The SDK warns on Node 20 at every client creation; the warning is about future releases, not this code.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const FAST_CHECK = 'test/support/fast-check-setup.ts';

export default defineConfig({
  test: {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: [FAST_CHECK] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: [
            FAST_CHECK,
            'test/support/integration-clock.ts',
            'test/support/integration-setup.ts',
            'test/support/openapi-validation-setup.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: [
            FAST_CHECK,
            'test/support/integration-setup.ts',
            'test/support/openapi-validation-setup.ts',
          ],
          // Generous: a file's beforeAll starts npm start and seeds it over HTTP, which a loaded machine slows.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // A real Chromium against the real `npm start` (the console, the survey reply page).
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/integration-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000 } },
    ],
  },
});
