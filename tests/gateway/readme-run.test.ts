import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/viewer.js';
import { loadDemo } from '../../src/cli/commands/demo.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/paths.js';
import { testHub, type TestHub } from '../support/hub.js';

/**
 * Every README query outside the registry's section, run on the data `npm start` loads, as the
 * caller its title names (none: anonymous; the test hub, like the demo, serves aid, finance and mapping
 * to anonymous callers). The
 * registry's queries are run, with their numbers, by tests/registry/readme-queries.test.ts.
 */
const REGISTRY_FIELDS = /\b(registryStatistics|paymentReconciliation|households|individuals|personalDataReads|programmes|adminAreas)\b/;
/** Backups exist only once one was made: tests/sync/backups-graph.test.ts runs that README query after making one. */
const BACKUP_FIELDS = /\b(lastBackup|backups)\b/;

interface ReadmeQuery {
  readonly title: string;
  readonly query: string;
  readonly role: Role | null;
}

async function readmeQueries(): Promise<ReadmeQuery[]> {
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n# ([^\n]*)\n([\s\S]*?)```/g)]
    .map((match) => ({ title: match[1] ?? '', query: `# ${match[1]}\n${match[2]}` }))
    .filter(({ query }) => !REGISTRY_FIELDS.test(query) && !BACKUP_FIELDS.test(query))
    .map(({ title, query }) => ({ title, query, role: /^As a mapping admin\b/.test(title) ? 'mapping-admin' : null }));
}

/** Where an answer is empty: a null field, an empty list, a connection without nodes. */
function emptyPlaces(value: unknown, at: string): string[] {
  if (value === null || value === undefined) return [at];
  if (Array.isArray(value)) return value.length === 0 ? [at] : [];
  if (typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if ('totalCount' in record && record.totalCount === 0) return [`${at}.totalCount`];
  if ('nodes' in record) return emptyPlaces(record.nodes, `${at}.nodes`);
  return Object.entries(record).flatMap(([key, inner]) =>
    Array.isArray(inner) || inner === null ? emptyPlaces(inner, `${at}.${key}`) : [],
  );
}

let t: TestHub;

beforeAll(async () => {
  t = await testHub([]);
  await loadDemo({ ...loadConfig(), importWorkers: 0 }, t.db.orm, () => undefined);
}, 600_000);
afterAll(async () => t?.close());

async function run(query: string, role: Role | null) {
  const headers: Record<string, string> = role ? { authorization: `Bearer ${await t.token('readme', role)}` } : {};
  return t.raw(query, {}, headers);
}

describe('the README example queries, run on the demo data', () => {
  it('each answers without errors, and nothing it asks for comes back empty', async () => {
    const queries = await readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(15);
    for (const { title, query, role } of queries) {
      const result = await run(query, role);
      expect(result.errors, title).toBeUndefined();
      const empty = Object.entries(result.data ?? {}).flatMap(([field, value]) => emptyPlaces(value, field));
      expect(empty, title).toEqual([]);
    }
  });
});
