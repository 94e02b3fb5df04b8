import { secretOf } from '../../src/auth/jwt.js';
import type { Role } from '../../src/auth/viewer.js';
import { generateRegistry, registryAsOf } from '../../src/cli/demo/registry/generate.js';
import { loadConfig } from '../../src/config.js';
import { loadRegistryBatch } from '../../src/registry/load/batch.js';
import { demoMalawiHub } from '../mapping/projection/demo-hub.js';
import type { TestHub } from '../support/hub.js';

/** The demo's Malawi (IATI, budget, rates, mappings applied) with the demo registry loaded beside it. */
export interface AnalystHub extends TestHub {
  readonly asOf: string;
  /** Runs an operation as a user with these roles; fails on GraphQL errors unless `allowErrors`. */
  as<T = Record<string, unknown>>(roles: readonly Role[], query: string, variables?: Record<string, unknown>): Promise<T>;
  asRaw(
    roles: readonly Role[],
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: unknown; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[] }>;
}

export async function analystHub(households = 400): Promise<AnalystHub> {
  const hub = await demoMalawiHub();
  const hashKey = await secretOf(loadConfig().registry.idHashKey);
  if (!hashKey) throw new Error('the test environment has no national-ID hash key');
  const batch = generateRegistry({ households });
  await hub.db.orm.em.fork().transactional((em) => loadRegistryBatch(em, 'demo-mis', batch, hashKey));
  const asRaw: AnalystHub['asRaw'] = async (roles, query, variables) => {
    const headers: Record<string, string> = roles.length
      ? { authorization: `Bearer ${await hub.token(`user-${roles.join('+')}`, ...roles)}` }
      : {};
    return hub.raw(query, variables, headers) as never;
  };
  return {
    ...hub,
    asOf: registryAsOf(),
    asRaw,
    async as(roles, query, variables) {
      const result = await asRaw(roles, query, variables);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as never;
    },
  };
}
