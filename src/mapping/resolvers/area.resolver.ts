import { sql } from 'kysely';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { coaCodeNames } from '../../finance/coa-lookup.js';
import { areasAbove } from '../../registry/area-lookup.js';
import { mappingDb } from '../db.js';
import type { MappingContext } from '../context.js';
import { AreaLocation } from '../types/area-location.type.js';
import { MappedAdminArea } from '../types/external.type.js';

/**
 * An admin area's IFMIS location: the active `admin-area` → `coa:location` rule of the area, or
 * else of the nearest area above it (a village is in its district's location). One query per
 * batch of areas.
 */
@Resolver(() => MappedAdminArea)
export class AdminAreaLocationResolver {
  @FieldResolver(() => AreaLocation, {
    nullable: true,
    description: 'Its code in the location segment of the country’s chart of accounts.',
  })
  async location(
    @Root() area: MappedAdminArea,
    @Ctx() ctx: MappingContext,
    @Arg('country', () => String, { nullable: true, description: 'Default: the one country with such rules.' }) country: string | null,
  ): Promise<AreaLocation | null> {
    return ctx.loaders.areaLocation.load(`${country?.toUpperCase() ?? ''}\u0000${area.code}`);
  }
}

export async function areaLocations(ctx: Pick<MappingContext, 'em'>, keys: readonly string[]): Promise<(AreaLocation | null)[]> {
  const pairs = keys.map((key) => key.split('\u0000') as [string, string]);
  const { em } = ctx;
  // The registry walks its hierarchy up from each wanted area; finance names the codes: one statement.
  const { rows } = await sql<AreaLocation & { key: number }>`with wanted(key, country, area) as (
        select n::int, nullif(r->>0, ''), r->>1 from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) with ordinality as w(r, n)
      ),
      up as (select wanted.key, wanted.country, chain.above as area, chain.depth
        from wanted join (${areasAbove(em, [...new Set(pairs.map(([, area]) => area))])}) chain on chain.area = wanted.area)
      select distinct on (up.key) up.key, m.country, m.target_code as code, c.name, up.area as "mappedArea", m.id as "ruleId"
      from up join map_rule m on m.source_scheme = 'admin-area' and m.source_code = up.area and m.target_scheme = 'coa:location'
        and m.status = 'active' and (up.country is null or m.country = up.country)
      left join (${coaCodeNames(em)}) c on c.country = m.country and c.segment = 'location' and c.code = m.target_code
      order by up.key, up.depth, m.id`.execute(mappingDb(em));
  const byKey = new Map(rows.map(({ key, ...location }) => [Number(key), location]));
  return keys.map((_, i) => byKey.get(i + 1) ?? null);
}
