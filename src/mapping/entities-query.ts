import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { administrativeSegment, administrativeVotes } from '../finance/coa-lookup.js';
import { mappingDb } from './db.js';
import { recordChanges } from './rules/history.js';
import { MappingRejected } from './rules/rejected.js';
import type { NationalEntity } from './suggest/suggest.js';
import type { ChangeNote } from './types.js';

export interface NationalEntityRow extends NationalEntity {
  /** `coa`: a vote of the chart of accounts; `admin`: added or renamed by an administrator. */
  readonly origin: string;
}

/**
 * The national entities organisations are mapped to: the top level (votes) of the country's
 * administrative segment, with what administrators added (aliases, entities the chart lacks).
 */
export async function nationalEntities(em: EntityManager, country: string): Promise<NationalEntityRow[]> {
  const { rows } = await sql<NationalEntityRow>`select coalesce(e.country, c.country) as country, coalesce(e.code, c.code) as code,
        coalesce(e.name, c.name) as name, coalesce(e.aliases, '[]'::jsonb) as aliases, case when e.code is null then 'coa' else 'admin' end as origin
      from (${administrativeVotes(em, country)}) c
      full join (select * from map_national_entity where country = ${country}) e on e.code = c.code
      order by 2`.execute(mappingDb(em));
  return rows;
}

/** Adds or changes an entity (its name, its aliases); the change is audited. */
export async function saveNationalEntity(em: EntityManager, entity: NationalEntity, note: ChangeNote): Promise<NationalEntityRow> {
  if (!note.reason.trim())
    throw new MappingRejected([{ row: null, field: 'reason', code: 'MISSING_REASON', message: 'say why the entity is added or changed' }]);
  if ((await administrativeSegment(em, entity.country)) === null) {
    throw new MappingRejected([
      { row: null, field: 'country', code: 'UNKNOWN_COUNTRY', message: `tributary has no administrative segment for ${entity.country}` },
    ]);
  }
  if (!entity.code.trim() || !entity.name.trim()) {
    throw new MappingRejected([
      { row: null, field: entity.code.trim() ? 'name' : 'code', code: 'MISSING_VALUE', message: 'an entity needs a code and a name' },
    ]);
  }
  const before = (await nationalEntities(em, entity.country)).find((e) => e.code === entity.code) ?? null;
  const aliases = [...new Set(entity.aliases.map((a) => a.trim()).filter(Boolean))];
  await mappingDb(em)
    .insertInto('map_national_entity')
    .values({
      country: entity.country,
      code: entity.code,
      name: entity.name,
      // A JSON array, not the driver's text[] for a JavaScript array.
      aliases: sql<string[]>`${JSON.stringify(aliases)}::jsonb`,
      changed_by: note.by,
    })
    .onConflict((oc) =>
      oc.columns(['country', 'code']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        aliases: eb.ref('excluded.aliases'),
        changed_by: eb.ref('excluded.changed_by'),
        changed_at: sql<string>`now()`,
      })),
    )
    .execute();
  const after = { country: entity.country, code: entity.code, name: entity.name, aliases };
  await recordChanges(
    em,
    [
      {
        subject: 'national-entity',
        key: `${entity.country}:${entity.code}`,
        operation: before ? 'update' : 'create',
        version: null,
        before,
        after,
      },
    ],
    note,
    null,
  );
  return { ...after, origin: 'admin' };
}
