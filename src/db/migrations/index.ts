import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123132612_aid_foundation } from './Migration20261123132612_aid_foundation.js';
import { Migration20261123145023_finance } from './Migration20261123145023_finance.js';
import { Migration20261123150840_reference_load } from './Migration20261123150840_reference_load.js';
import { Migration20261123172832_mapping } from './Migration20261123172832_mapping.js';
import { Migration20261123182742_registry } from './Migration20261123182742_registry.js';
import { Migration20261203050000_registry_graph } from './Migration20261203050000_registry_graph.js';
import { Migration20261207120000_record_keys } from './Migration20261207120000_record_keys.js';
import { Migration20261207122500_run_states } from './Migration20261207122500_run_states.js';
import { Migration20261207123000_personal_search } from './Migration20261207123000_personal_search.js';
import { Migration20261207140000_activity_filter_indexes } from './Migration20261207140000_activity_filter_indexes.js';
import { Migration20261207190000_coa_versions } from './Migration20261207190000_coa_versions.js';
import { Migration20261207213017_sources } from './Migration20261207213017_sources.js';
import { Migration20261207230000_backups } from './Migration20261207230000_backups.js';
import { Migration20261208010000_source_refusals } from './Migration20261208010000_source_refusals.js';
import { Migration20261208011000_scheduled_backups } from './Migration20261208011000_scheduled_backups.js';
import { Migration20261208012000_activity_locations } from './Migration20261208012000_activity_locations.js';

/**
 * Every migration, in order. Listed by hand so the same list works from `src/` (tests) and
 * `dist/` (built). Create one with `npx tributary db create-migration <name>`, then add it here.
 */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123132612_aid_foundation', class: Migration20261123132612_aid_foundation },
  { name: 'Migration20261123145023_finance', class: Migration20261123145023_finance },
  { name: 'Migration20261123150840_reference_load', class: Migration20261123150840_reference_load },
  { name: 'Migration20261123172832_mapping', class: Migration20261123172832_mapping },
  { name: 'Migration20261123182742_registry', class: Migration20261123182742_registry },
  { name: 'Migration20261203050000_registry_graph', class: Migration20261203050000_registry_graph },
  { name: 'Migration20261207120000_record_keys', class: Migration20261207120000_record_keys },
  { name: 'Migration20261207122500_run_states', class: Migration20261207122500_run_states },
  { name: 'Migration20261207123000_personal_search', class: Migration20261207123000_personal_search },
  { name: 'Migration20261207140000_activity_filter_indexes', class: Migration20261207140000_activity_filter_indexes },
  { name: 'Migration20261207190000_coa_versions', class: Migration20261207190000_coa_versions },
  { name: 'Migration20261207213017_sources', class: Migration20261207213017_sources },
  { name: 'Migration20261207230000_backups', class: Migration20261207230000_backups },
  { name: 'Migration20261208010000_source_refusals', class: Migration20261208010000_source_refusals },
  { name: 'Migration20261208011000_scheduled_backups', class: Migration20261208011000_scheduled_backups },
  { name: 'Migration20261208012000_activity_locations', class: Migration20261208012000_activity_locations },
];
