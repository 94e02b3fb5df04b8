import { importIatiFile } from '../../connectors/iati/import.js';
import { signToken } from '../../src/auth/jwt.js';
import type { Role } from '../../src/auth/viewer.js';
import { loadConfig, type AuthConfig } from '../../src/config.js';
import { createHub, type Hub, type HubOptions } from '../../src/gateway/hub.js';
import { testDatabase, type TestDatabase } from './db.js';
import { startSplit, type SplitDeployment } from './split.js';

/**
 * A fresh database with the given IATI files imported, and the hub serving it in-process. In the
 * `split` test project (TRIBUTARY_TEST_SPLIT=1, PostgreSQL only) `raw` and `query` go over HTTP to
 * a split deployment on the same database (tests/support/split.ts); `hub` stays the in-process
 * hub, to compare with.
 */
export interface TestHub {
  readonly db: TestDatabase;
  readonly hub: Hub;
  /** The split deployment answering `raw` in the split test project; undefined otherwise. */
  readonly split: SplitDeployment | undefined;
  /** Runs an operation through the gateway; fails the test on GraphQL errors unless `allowErrors`. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  raw(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  /** A bearer token the hub accepts, for a user with these roles. */
  token(subject: string, ...roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

const TEST_SECRET = 'the-test-hub-secret-0123456789abcdefghij';
/** The public-data domains are readable anonymously here, as in the demo; tests/auth checks the default (nothing). */
const TEST_AUTH: AuthConfig = {
  jwtSecret: { kind: 'env', secret: TEST_SECRET },
  jwtIssuer: 'tributary-test',
  apiKeys: [],
  publicDomains: ['aid', 'finance', 'mapping', 'sync'],
  maxTokenLifetime: 12 * 3600,
};

/** Whether this test run serves its hubs in split mode (the `split` project of vitest.config.ts). */
export const SPLIT_MODE = process.env.TRIBUTARY_TEST_SPLIT === '1';

export interface TestHubOptions extends Partial<HubOptions> {
  /** In split mode: how many gateway processes to start over the same services (default 1). */
  readonly gateways?: number;
}

export async function testHub(files: readonly string[], options: TestHubOptions = {}): Promise<TestHub> {
  const db = await testDatabase();
  const limits = loadConfig().importLimits;
  for (const file of files) {
    const result = await importIatiFile(db.orm, file, { limits, workers: 0 });
    if (result.status !== 'succeeded') throw new Error(`fixture ${file} was rejected: ${result.error?.message}`);
  }
  const hub = await createHub(db.orm, { development: false, auth: TEST_AUTH, ...options });
  const split = SPLIT_MODE ? await startSplit(db.config, TEST_AUTH, options.gateways).catch(closingFirst(hub, db)) : undefined;
  const raw: TestHub['raw'] = async (query, variables, headers = {}) => {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    };
    const response = split ? await fetch(split.gateways[0] ?? '', init) : await hub.gateway.fetch('http://hub.test/graphql', init);
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
    token: (subject, ...roles) =>
      signToken({ key: new TextEncoder().encode(TEST_SECRET), issuer: TEST_AUTH.jwtIssuer }, { subject, roles, expiresIn: 600 }),
    split,
    async close() {
      await split?.stop();
      await hub.close();
      await db.close();
    },
  };
}

/** A deployment that did not start: the hub and database are closed before the error is thrown on. */
function closingFirst(hub: Hub, db: TestDatabase): (error: unknown) => Promise<never> {
  return async (error) => {
    await hub.close();
    await db.close();
    throw error;
  };
}
