import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** Every test file. */
export const ALL_TESTS = 'tests/**/*.test.ts';

/**
 * The `unit` project (`npm run test:unit`, seconds): tests that open no database and start no
 * process — parsers over recorded files, pure functions. Everything else (a database, a served
 * hub, a spawned CLI, a browser) is `e2e`. A new test file lands in `e2e` unless listed here;
 * tests/test-projects.test.ts checks each file is in exactly one project and that no unit test
 * imports the database, hub, CLI or browser helpers.
 */
export const UNIT_TESTS = [
  'tests/test-projects.test.ts',
  'tests/project/*.test.ts',
  'tests/auth/{api-keys,tokens}.test.ts',
  'tests/cli/demo/generate-budget.test.ts',
  'tests/cli/{import-heap,version}.test.ts',
  'tests/connectors/debt/*.test.ts',
  'tests/connectors/ifmis/*.test.ts',
  'tests/connectors/iati/{decode,normalise,parse-once}.test.ts',
  'tests/db/{reference-fingerprint,table-ownership}.test.ts',
  'tests/export/xml-text.test.ts',
  'tests/finance/{classifications,coa-mw,conversion,fiscal-calendar}.test.ts',
  'tests/gateway/{compiled-operations,limits-config,sole-subgraph}.test.ts',
  'tests/export/writers.test.ts',
  'tests/mapping/{admin-script,budget-identifier-cofog,dac-cofog,suggest}.test.ts',
  'tests/mapping/alignment-*.test.ts',
  'tests/mapping/sheet-*.test.ts',
  'tests/mapping/projection/split.test.ts',
  'tests/connectors/registry/*.test.ts',
  'tests/registry/{generate,national-id,ptable}.test.ts',
  'tests/finance/coa-validate.test.ts',
];

export default defineConfig({
  // type-graphql's decorators are the legacy (TypeScript) kind; every one carries an explicit
  // type, so no decorator metadata is needed.
  oxc: { decorator: { legacy: true } },
  resolve: {
    // One graphql for everyone: Node (and so type-graphql, Apollo) loads its CommonJS build, and
    // two copies would fail graphql's instanceof checks.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS } },
      { extends: true, test: { name: 'e2e', include: [ALL_TESTS], exclude: UNIT_TESTS } },
    ],
    setupFiles: ['tests/support/setup.ts'],
    testTimeout: 120_000,
    // A browser page on a loaded 2-core machine can take seconds to show what a poll waits for.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // The hub hashes national IDs under this key in tests (a real deployment sets its own secret).
    env: { NODE_ENV: 'test', TRIBUTARY_ID_HASH_KEY: 'the-test-national-id-hash-key-0123456789' },
  },
});
