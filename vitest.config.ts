import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

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
    include: ['tests/**/*.test.ts'],
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
