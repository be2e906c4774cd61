import { defineConfig } from 'vitest/config';

// `include` is explicit: vitest 4 would otherwise also collect the compiled copies under dist/.
// `*.case.ts` files are shared suites; they only run through the adapter tests that call them.
// AXONFLOW_CI_REPORT (set by .ci/run) adds a JSON report CI reads its closing line from.
const report = process.env.AXONFLOW_CI_REPORT;

export default defineConfig({
  test: {
    // web/: the Execution Viewer's component tests (*.test.tsx) and its browser tests (e2e/).
    include: ['src/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
    exclude: ['dist/**', 'node_modules/**'],
    globalSetup: ['src/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
});
