import { loadCodelistTables } from './aid/codelists-table.js';
import { prepareDatabaseWith, type ReferenceLoader } from './db/setup.js';
import type { Orm } from './db/orm.js';
import { loadCoaTables } from './finance/coa/reference.js';
import { loadMappingReference } from './mapping/reference.js';

/**
 * The reference tables each domain loads from `mappings/` at start, in order: the mapping rules
 * are checked against the charts of accounts, so finance loads before mapping.
 */
export const referenceLoaders: readonly ReferenceLoader[] = [
  { name: 'aid: IATI codelists', folders: ['iati-codelists'], load: (em) => loadCodelistTables(em) },
  { name: 'finance: charts of accounts', folders: ['coa', 'classifications'], load: loadCoaTables },
  // Until the loaders declared their folders, these three were not hashed: a changed default table did not reload.
  { name: 'mapping: default rules', folders: ['sectors', 'budget-identifiers', 'alignment'], load: loadMappingReference },
];

/** Migrations, the abandoned-run sweep and the domains' reference tables: what every start of the hub does. */
export function prepareDatabase(orm: Orm, options: { readonly force?: boolean } = {}) {
  return prepareDatabaseWith(orm, referenceLoaders, options);
}
