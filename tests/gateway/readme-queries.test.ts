import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeHub } from '../../src/gateway/compose.js';
import { subgraphs } from '../../src/gateway/subgraphs.js';
import { projectRoot } from '../../src/paths.js';

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
