import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/viewer.js';
import { composeHub } from '../../src/gateway/compose.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { LIMIT_CODES } from '../../src/gateway/limits.js';
import { projectRoot } from '../../src/paths.js';
import { testHub, type TestHub } from '../support/hub.js';

/** The ```graphql blocks of the README, each with the comment line that introduces it. */
async function readmeQueries(): Promise<{ title: string; query: string }[]> {
  const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => {
    const query = match[1] ?? '';
    return { title: query.split('\n')[0] ?? '', query };
  });
}

describe('the example queries in the README', () => {
  it('are all valid against the graph the gateway serves', async () => {
    const schema = buildSchema((await composeHub(subgraphs)).publicSdl);
    const queries = await readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const { title, query } of queries) {
      expect(
        validate(schema, parse(query)).map((error) => error.message),
        title,
      ).toEqual([]);
    }
  });
});

describe('the example queries in the README, served with the default limits', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await testHub([]);
  });
  afterAll(async () => t.close());

  it('pass every depth, alias, token, directive, cost and size limit', async () => {
    const authorization = `Bearer ${await t.token('readme-reader', ...ROLES)}`;
    const limitCodes: readonly unknown[] = [...Object.values(LIMIT_CODES), 'RATE_LIMITED'];
    for (const { title, query } of await readmeQueries()) {
      const result = await t.raw(query, {}, { authorization });
      const refusals = (result.errors ?? []).filter((error) => limitCodes.includes(error.extensions?.code));
      expect(refusals, title).toEqual([]);
    }
  });
});
