import path from 'node:path';
import type { EntityManager } from '../../db/orm.js';
import { configuredCountries, countryCoa } from './load.js';
import { writeChart } from './table.js';

/**
 * The example charts shipped under mappings/coa/, loaded at start the way `coa load` loads a
 * folder, one country per transaction. A chart loaded by `coa load` is never overwritten; codes
 * a changed example drops are retired when still used (a start never fails on them).
 */
export async function loadCoaTables(em: EntityManager): Promise<string[]> {
  const countries = configuredCountries();
  for (const country of countries) {
    const coa = countryCoa(country);
    const input = path.join('mappings', 'coa', country.toLowerCase());
    await em.transactional((tx) => writeChart(tx, coa, { origin: 'reference', input, by: 'tributary (shipped example)' }));
  }
  return countries;
}
