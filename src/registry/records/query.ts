import { sql, type RawBuilder } from 'kysely';
import { Field, InputType } from 'type-graphql';
import { select } from '../../db/loader-kit.js';
import { kysely, type EntityManager } from '../../db/orm.js';
import { and, keyset, OrderDirection } from '../../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../../graphql/pagination.js';
import { LocalDate } from '../../graphql/scalars.js';
import { normalisePhone } from '../personal/search.js';
import { AGE_BANDS } from '../statistics/dimensions.js';
import type { Household, Individual } from '../types/records.type.js';

@InputType({ description: 'Which people or households: every condition given must hold.' })
export class RecordFilter {
  @Field(() => String, { nullable: true, description: 'Enrolled (themselves or through their household) in this programme.' })
  programme?: string | null;

  @Field(() => String, { nullable: true, description: 'Living in this admin area or below it.' })
  area?: string | null;

  @Field(() => String, { nullable: true })
  source?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A national ID to match (hashed with the hub’s key before it is compared; never stored or logged).',
  })
  nationalId?: string | null;

  @Field(() => String, { nullable: true, description: 'A given name, a family name, or both ("Amina Banda"), in any case. People only.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'A phone number, spaces and dashes ignored. People only.' })
  phone?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'A date of birth. People only.' })
  dateOfBirth?: string | null;
}

const ageBandSql = sql.raw(
  `case ${[...AGE_BANDS]
    .reverse()
    .map((band) => `when extract(year from age(current_date, i.date_of_birth)) >= ${band.from} then '${band.label}'`)
    .join(' ')} end`,
);

const district = (code: RawBuilder<unknown>) => sql`(with recursive up(code, parent, level) as (
    select code, parent, level from reg_area where code = ${code}
    union all select a.code, a.parent, a.level from up join reg_area a on a.code = up.parent)
  select code from up where level = 2)`;

export const INDIVIDUAL_SELECT = sql`i.id, i.source, i.key, i.given_name as "givenName", i.family_name as "familyName", i.sex,
  i.date_of_birth::text as "dateOfBirth", i.national_id_hash as "nationalIdHash", i.phone, i.area_code as "areaCode",
  ${ageBandSql} as "ageBand", ${district(sql`i.area_code`)} as district,
  (select household_id from reg_membership m where m.individual_id = i.id limit 1) as "householdId"`;

const HOUSEHOLD_SELECT = sql`h.id, h.source, h.key, h.area_code as "areaCode", ${district(sql`h.area_code`)} as district`;

function under(areaColumn: RawBuilder<unknown>, area: string): RawBuilder<unknown> {
  return sql`exists (with recursive up(code, parent) as (select code, parent from reg_area where code = ${areaColumn}
    union all select a.code, a.parent from up join reg_area a on a.code = up.parent) select 1 from up where code = ${area})`;
}

export async function findIndividuals(
  em: EntityManager,
  filter: RecordFilter | null | undefined,
  args: PageArgs,
  nationalIdHash: (id: string) => string,
): Promise<Connection<Individual>> {
  const where: RawBuilder<unknown>[] = [];
  if (filter?.source) where.push(sql`i.source = ${filter.source}`);
  if (filter?.area) where.push(under(sql`i.area_code`, filter.area));
  if (filter?.nationalId) where.push(sql`i.national_id_hash = ${nationalIdHash(filter.nationalId)}`);
  if (filter?.name) {
    const name = filter.name.normalize('NFKC').trim().toLowerCase();
    where.push(
      sql`(lower(i.given_name) = ${name} or lower(i.family_name) = ${name} or lower(i.given_name || ' ' || i.family_name) = ${name})`,
    );
  }
  if (filter?.phone) where.push(sql`regexp_replace(i.phone, '[[:space:]().-]', '', 'g') = ${normalisePhone(filter.phone)}`);
  if (filter?.dateOfBirth) where.push(sql`i.date_of_birth = ${filter.dateOfBirth}::date`);
  if (filter?.programme)
    where.push(sql`exists (select 1 from reg_enrolment e where e.programme_code = ${filter.programme} and (e.individual_id = i.id
      or e.household_id in (select household_id from reg_membership m where m.individual_id = i.id)))`);
  return page(em, sql`reg_individual i`, INDIVIDUAL_SELECT, sql`i.id`, where, args);
}

export async function findHouseholds(
  em: EntityManager,
  filter: RecordFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<Household>> {
  const where: RawBuilder<unknown>[] = [];
  if (filter?.source) where.push(sql`h.source = ${filter.source}`);
  if (filter?.area) where.push(under(sql`h.area_code`, filter.area));
  if (filter?.programme)
    where.push(sql`exists (select 1 from reg_enrolment e where e.programme_code = ${filter.programme} and (e.household_id = h.id
      or e.individual_id in (select individual_id from reg_membership m where m.household_id = h.id)))`);
  return page(em, sql`reg_household h`, HOUSEHOLD_SELECT, sql`h.id`, where, args);
}

async function page<T extends { id: number }>(
  em: EntityManager,
  from: RawBuilder<unknown>,
  columns: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  where: RawBuilder<unknown>[],
  args: PageArgs,
): Promise<Connection<T>> {
  const page = pageOf(args);
  const walk = keyset(id, id, OrderDirection.ASC, page, { sort: 'int' });
  const rows = await select(
    em,
    sql<T>`select ${columns} from ${from} where ${and([...where, ...walk.where])} order by ${walk.orderBy} limit ${page.limit}`,
  );
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from ${from} where ${and(where)}`.execute(kysely(em))).rows[0]?.n ?? 0;
  return connectionOf(rows, page, (row) => [row.id, row.id], count);
}

export async function individualsByIds(em: EntityManager, ids: readonly number[]): Promise<Individual[]> {
  return select(em, sql<Individual>`select ${INDIVIDUAL_SELECT} from reg_individual i where i.id = any(${sql.val([...ids])}::int[])`);
}

export async function householdsByIds(em: EntityManager, ids: readonly number[]): Promise<Household[]> {
  return select(em, sql<Household>`select ${HOUSEHOLD_SELECT} from reg_household h where h.id = any(${sql.val([...ids])}::int[])`);
}
