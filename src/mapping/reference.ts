import type { EntityManager } from '../db/orm.js';
import { applyToActivities } from './apply/run.js';
import { loadDefaultRules } from './rules/defaults.js';

/**
 * The mapping domain's part of loading `mappings/`: the shipped default rules, in one
 * transaction with re-applying the activities whose assignments they change. Runs after the
 * charts of accounts are loaded (rules are checked against them).
 */
export async function loadMappingReference(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const { affected } = await loadDefaultRules(tx);
    if (affected.length > 0) await applyToActivities(tx, affected);
  });
}
