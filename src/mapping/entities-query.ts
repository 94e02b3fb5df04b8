import { sql } from 'kysely';
import { select } from '../db/loader-kit.js';
import { kysely, type EntityManager } from '../db/orm.js';
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
  return select(
    em,
    sql<NationalEntityRow>`select coalesce(e.country, c.country) as country, coalesce(e.code, c.code) as code, coalesce(e.name, c.name) as name,
        coalesce(e.aliases, '[]'::jsonb) as aliases, case when e.code is null then 'coa' else 'admin' end as origin
      from (select c.country, c.code, c.name from fin_coa_code c join fin_coa_segment s on s.country = c.country and s.segment = c.segment
            where s.kind = 'administrative' and c.level = 1 and c.country = ${country}) c
      full join (select * from map_national_entity where country = ${country}) e on e.code = c.code
      order by 2`,
  );
}

/** Adds or changes an entity (its name, its aliases); the change is audited. */
export async function saveNationalEntity(em: EntityManager, entity: NationalEntity, note: ChangeNote): Promise<NationalEntityRow> {
  if (!note.reason.trim())
    throw new MappingRejected([{ row: null, field: 'reason', code: 'MISSING_REASON', message: 'say why the entity is added or changed' }]);
  const [segment] = await select(
    em,
    sql<{
      segment: string;
    }>`select segment from fin_coa_segment where country = ${entity.country} and kind = 'administrative' order by seq limit 1`,
  );
  if (!segment) {
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
  await sql`insert into map_national_entity (country, code, name, aliases, changed_by) values (${entity.country}, ${entity.code}, ${entity.name}, ${JSON.stringify(aliases)}::jsonb, ${note.by})
    on conflict (country, code) do update set name = excluded.name, aliases = excluded.aliases, changed_by = excluded.changed_by, changed_at = now()`.execute(
    kysely(em),
  );
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
