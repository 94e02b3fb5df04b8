import type { RegistryBatch } from '../../connectors/registry/types.js';
import { secretOf } from '../../src/auth/jwt.js';
import { loadConfig } from '../../src/config.js';
import { generateRegistry, registryAsOf } from '../../src/cli/demo/registry/generate.js';
import { loadRegistryBatch } from '../../src/registry/load/batch.js';
import { testHub, type TestHub, type TestHubOptions } from '../support/hub.js';

/** The hub serving a generated registry (no real registry data is public), loaded as the demo loads it. */

export interface RegistryHub extends TestHub {
  readonly batch: RegistryBatch;
  /** The national-ID hash key the hub is configured with (the registry was loaded with it). */
  readonly hashKey: string;
  /** The last day of the generated registry: statistics ask "as of" it. */
  readonly asOf: string;
  /** Runs an operation as a user with these roles and returns data and errors. */
  as(
    roles: readonly string[],
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] }>;
}

export async function registryHub(households: number, options: TestHubOptions = {}, files: readonly string[] = []): Promise<RegistryHub> {
  const hub = await testHub(files, options);
  const batch = generateRegistry({ households });
  const hashKey = await secretOf(loadConfig().registry.idHashKey);
  if (!hashKey) throw new Error('the test environment has no national-ID hash key');
  await hub.db.orm.em.fork().transactional((em) => loadRegistryBatch(em, 'demo-mis', batch, hashKey));
  return {
    ...hub,
    batch,
    hashKey,
    asOf: registryAsOf(),
    async as(roles, query, variables) {
      const headers: Record<string, string> = roles.length
        ? { authorization: `Bearer ${await hub.token(`user-${roles.join('+')}`, ...(roles as never[]))}` }
        : {};
      return hub.raw(query, variables, headers) as never;
    },
  };
}
