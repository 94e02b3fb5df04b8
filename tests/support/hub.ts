import { importIatiFile } from '../../connectors/iati/import.js';
import { loadConfig } from '../../src/config.js';
import { createHub, type Hub } from '../../src/gateway/hub.js';
import { testDatabase, type TestDatabase } from './db.js';

/** A fresh database with the given IATI files imported, and the hub serving it in-process. */
export interface TestHub {
  readonly db: TestDatabase;
  readonly hub: Hub;
  /** Runs an operation through the gateway; fails the test on GraphQL errors unless `allowErrors`. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  raw(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  close(): Promise<void>;
}

export async function testHub(files: readonly string[]): Promise<TestHub> {
  const db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const file of files) {
    const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
    if (result.status !== 'succeeded') throw new Error(`fixture ${file} was rejected: ${result.error?.message}`);
  }
  const hub = await createHub(db.orm, { development: false });
  const raw: TestHub['raw'] = async (query, variables) => {
    const response = await hub.gateway.fetch('http://hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Awaited<ReturnType<TestHub['raw']>>;
  };
  return {
    db,
    hub,
    raw,
    async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await raw(query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    async close() {
      await hub.close();
      await db.close();
    },
  };
}
