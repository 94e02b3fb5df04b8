import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { loadConfig } from './src/config.js';

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
  'tests/auth/{api-keys,forwarded-identity,tokens}.test.ts',
  'tests/cli/demo/generate-budget.test.ts',
  'tests/cli/{import-heap,version}.test.ts',
  'tests/connectors/debt/*.test.ts',
  'tests/connectors/ifmis/*.test.ts',
  'tests/connectors/iati/{decode,normalise,parse-once,locations}.test.ts',
  'tests/db/{reference-fingerprint,table-ownership}.test.ts',
  'tests/export/{xml-text,download-slots}.test.ts',
  'tests/finance/{cents,classifications,coa-mw,conversion,fiscal-calendar}.test.ts',
  'tests/gateway/{compiled-operations,limits-config,same-variables,sole-subgraph}.test.ts',
  'tests/export/writers.test.ts',
  'tests/export/zip.test.ts',
  'tests/export/tickets.test.ts',
  'tests/mapping/{admin-script,budget-identifier-cofog,dac-cofog,suggest}.test.ts',
  'tests/mapping/alignment-*.test.ts',
  'tests/mapping/sheet-*.test.ts',
  'tests/mapping/projection/split.test.ts',
  'tests/connectors/registry/*.test.ts',
  'tests/registry/{generate,national-id,ptable}.test.ts',
  'tests/finance/coa-validate.test.ts',
  'tests/sync/{source-config,source-health}.test.ts',
];

/**
 * The `split` project: split mode (each subgraph its own process, the gateway over HTTP), which
 * needs PostgreSQL. Its own tests under tests/split/, and the README and registry permission
 * tests again with their hubs served split (tests/support/hub.ts, TRIBUTARY_TEST_SPLIT=1), so
 * both modes pass the same assertions. Defined only when DATABASE_URL is set: the embedded
 * database (PGlite) run leaves it out explicitly, and CI's PostgreSQL pass selects it by name
 * (.ci/run), so a missing project fails CI instead of passing silently.
 */
export const SPLIT_TESTS = [
  'tests/split/*.test.ts',
  'tests/gateway/readme-run.test.ts',
  'tests/registry/{disclosure-attacks,graph-personal,personal-search,readme-queries}.test.ts',
];
/** Files that run in the split project only (the others run in e2e too). */
export const SPLIT_ONLY = 'tests/split/**';
/** Whether this run has a PostgreSQL server (DATABASE_URL): the split and postgresql projects exist only then. */
export const ON_POSTGRESQL = loadConfig().database.kind === 'postgresql';

/**
 * The `postgresql` project: what only a PostgreSQL server can show (the hub's connections
 * terminated mid-run and mid-query, a private cluster stopped and started). Defined only when
 * DATABASE_URL names a server — CI's PostgreSQL pass — so the embedded pass does not list these
 * files at all rather than skipping them; each file also refuses to run without a server.
 */
export const POSTGRESQL_TESTS = ['tests/db/postgres-*.test.ts'];

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
      { extends: true, test: { name: 'e2e', include: [ALL_TESTS], exclude: [...UNIT_TESTS, SPLIT_ONLY, ...POSTGRESQL_TESTS] } },
      ...(ON_POSTGRESQL
        ? [{ extends: true as const, test: { name: 'split', include: SPLIT_TESTS, env: { TRIBUTARY_TEST_SPLIT: '1' } } }]
        : []),
      ...(ON_POSTGRESQL ? [{ extends: true as const, test: { name: 'postgresql', include: POSTGRESQL_TESTS } }] : []),
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
