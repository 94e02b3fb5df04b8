import type { EntityManager } from '../db/orm.js';
import { loadDefaultAlignmentRules } from './alignment/table.js';
import { activitiesToApply, applyToActivities } from './apply/run.js';
import { DEFAULTS_AUTHOR, loadDefaultRules } from './rules/defaults.js';

/**
 * The mapping domain's part of loading `mappings/`: the shipped default rules (sectors, alignment), in one
 * transaction with re-applying the activities whose assignments they change. Runs after the
 * charts of accounts are loaded (rules are checked against them).
 */
export async function loadMappingReference(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    const { affected } = await loadDefaultRules(tx);
    // New alignment rules can change any activity.
    const alignmentChanged = await loadDefaultAlignmentRules(tx, DEFAULTS_AUTHOR);
    const activities = alignmentChanged ? await activitiesToApply(tx, 'all') : affected;
    if (activities.length > 0) await applyToActivities(tx, activities);
  });
}
