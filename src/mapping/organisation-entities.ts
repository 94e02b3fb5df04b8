import { sql, type SqlBool } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { orgNameKey } from './apply/org-name-key.js';
import { mappingDb } from './db.js';

/** An organisation as aid publishes it: its id (the IATI ref, or `name:<name>` without one) and name. */
export interface OrganisationKey {
  readonly id: string;
  readonly name: string | null;
}

const refOf = (organisation: OrganisationKey) => (organisation.id.startsWith('name:') ? null : organisation.id);
const nameKeyOf = (organisation: OrganisationKey) => {
  const name = organisation.name ?? (organisation.id.startsWith('name:') ? organisation.id.slice('name:'.length) : null);
  return name ? orgNameKey(name) : null;
};

/**
 * The national codes the active `org-ref` and `org-name` rules map each organisation to (the
 * national entity: an administrative code, with the name an administrator gave it where one
 * did), in one statement for every organisation asked.
 */
export async function organisationEntities(em: EntityManager, organisations: readonly OrganisationKey[]) {
  const refs = [...new Set(organisations.flatMap((o) => refOf(o) ?? []))];
  const rows = await mappingDb(em)
    .selectFrom('map_rule as r')
    .leftJoin('map_national_entity as e', (join) => join.onRef('e.country', '=', 'r.country').onRef('e.code', '=', 'r.target_code'))
    .select([
      'r.id as ruleId',
      'r.source_scheme as matchedOn',
      'r.source_code as sourceCode',
      'r.country',
      sql<string>`substr(r.target_scheme, 5)`.as('segment'),
      'r.target_code as code',
      sql<string>`r.share::text`.as('share'),
      'r.valid_from as validFrom',
      'r.valid_to as validTo',
      'e.name as entityName',
    ])
    .where('r.status', '=', 'active')
    .where('r.target_scheme', 'like', 'coa:%')
    .where(
      // Names are compared as the rules apply them (orgNameKey, in JS): every org-name rule is read, a short list.
      sql<SqlBool>`(r.source_scheme = 'org-ref' and r.source_code = any(${refs}::text[])) or r.source_scheme = 'org-name'`,
    )
    .orderBy('r.country')
    .orderBy('r.target_code')
    .orderBy('r.id')
    .execute();
  return organisations.map((organisation) => {
    const ref = refOf(organisation);
    const nameKey = nameKeyOf(organisation);
    return rows.filter((row) => (row.matchedOn === 'org-ref' ? row.sourceCode === ref : orgNameKey(row.sourceCode) === nameKey));
  });
}
export type OrganisationEntityRow = Awaited<ReturnType<typeof organisationEntities>>[number][number];
