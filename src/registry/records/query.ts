import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { Field, InputType } from 'type-graphql';
import type { EntityManager } from '../../db/orm.js';
import { and, keyset, OrderDirection } from '../../graphql/keyset.js';
import { connectionOf, pageOf, type Connection, type PageArgs } from '../../graphql/pagination.js';
import { LocalDate } from '../../graphql/scalars.js';
import { anyOf, registryDb, type RegistryDB } from '../db.js';
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

const ageBandSql = sql<string>`${sql.raw(
  `case ${[...AGE_BANDS]
    .reverse()
    .map((band) => `when extract(year from age(current_date, i.date_of_birth)) >= ${band.from} then '${band.label}'`)
    .join(' ')} end`,
)}`;

/** The district (level 2) holding an area: a recursive walk up, which the builder cannot say. */
const district = (code: RawBuilder<unknown>) => sql<string | null>`(with recursive up(code, parent, level) as (
    select code, parent, level from reg_area where code = ${code}
    union all select a.code, a.parent, a.level from up join reg_area a on a.code = up.parent)
  select code from up where level = 2)`;

/** The area `areaColumn` is `area` or lies below it. */
function under(areaColumn: RawBuilder<unknown>, area: string): RawBuilder<boolean> {
  return sql<boolean>`exists (with recursive up(code, parent) as (select code, parent from reg_area where code = ${areaColumn}
    union all select a.code, a.parent from up join reg_area a on a.code = up.parent) select 1 from up where code = ${area})`;
}

function individuals(em: EntityManager) {
  return registryDb(em)
    .selectFrom('reg_individual as i')
    .select((eb) => [
      'i.id',
      'i.source',
      'i.key',
      'i.given_name as givenName',
      'i.family_name as familyName',
      'i.sex',
      eb.cast<string>('i.date_of_birth', 'text').as('dateOfBirth'),
      'i.national_id_hash as nationalIdHash',
      'i.phone',
      'i.area_code as areaCode',
      ageBandSql.as('ageBand'),
      district(sql`i.area_code`).as('district'),
      eb.selectFrom('reg_membership as m').select('m.household_id').whereRef('m.individual_id', '=', 'i.id').limit(1).as('householdId'),
    ]);
}

function households(em: EntityManager) {
  return registryDb(em)
    .selectFrom('reg_household as h')
    .select(['h.id', 'h.source', 'h.key', 'h.area_code as areaCode', district(sql`h.area_code`).as('district')]);
}

type WithIndividual = RegistryDB & { i: RegistryDB['reg_individual'] };
type WithHousehold = RegistryDB & { h: RegistryDB['reg_household'] };

export async function findIndividuals(
  em: EntityManager,
  filter: RecordFilter | null | undefined,
  args: PageArgs,
  nationalIdHash: (id: string) => string,
): Promise<Connection<Individual>> {
  const { source, area, nationalId, name, phone, dateOfBirth, programme } = filter ?? {};
  const where = (eb: ExpressionBuilder<WithIndividual, 'i'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (source) conditions.push(eb('i.source', '=', source));
    if (area) conditions.push(under(sql`i.area_code`, area));
    if (nationalId) conditions.push(eb('i.national_id_hash', '=', nationalIdHash(nationalId)));
    if (name) {
      const wanted = name.normalize('NFKC').trim().toLowerCase();
      conditions.push(
        eb.or([
          eb(eb.fn('lower', ['i.given_name']), '=', wanted),
          eb(eb.fn('lower', ['i.family_name']), '=', wanted),
          eb(sql`lower(i.given_name || ' ' || i.family_name)`, '=', wanted),
        ]),
      );
    }
    if (phone) conditions.push(eb(sql`regexp_replace(i.phone, '[[:space:]().-]', '', 'g')`, '=', normalisePhone(phone)));
    if (dateOfBirth) conditions.push(eb('i.date_of_birth', '=', sql<string>`${dateOfBirth}::date`));
    if (programme)
      conditions.push(
        eb.exists(
          eb
            .selectFrom('reg_enrolment as e')
            .select(sql.lit(1).as('one'))
            .where('e.programme_code', '=', programme)
            .where((e) =>
              e.or([
                e('e.individual_id', '=', e.ref('i.id')),
                e(
                  'e.household_id',
                  'in',
                  e.selectFrom('reg_membership as m').select('m.household_id').whereRef('m.individual_id', '=', 'i.id'),
                ),
              ]),
            ),
        ),
      );
    return eb.and(conditions);
  };
  return page(
    args,
    sql`i.id`,
    (walk, limit) => individuals(em).where(where).where(walk.where).orderBy(walk.orderBy).limit(limit).execute(),
    async () => (await registryDb(em).selectFrom('reg_individual as i').select(COUNT).where(where).executeTakeFirst())?.n ?? 0,
  );
}

export async function findHouseholds(
  em: EntityManager,
  filter: RecordFilter | null | undefined,
  args: PageArgs,
): Promise<Connection<Household>> {
  const { source, area, programme } = filter ?? {};
  const where = (eb: ExpressionBuilder<WithHousehold, 'h'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (source) conditions.push(eb('h.source', '=', source));
    if (area) conditions.push(under(sql`h.area_code`, area));
    if (programme)
      conditions.push(
        eb.exists(
          eb
            .selectFrom('reg_enrolment as e')
            .select(sql.lit(1).as('one'))
            .where('e.programme_code', '=', programme)
            .where((e) =>
              e.or([
                e('e.household_id', '=', e.ref('h.id')),
                e(
                  'e.individual_id',
                  'in',
                  e.selectFrom('reg_membership as m').select('m.individual_id').whereRef('m.household_id', '=', 'h.id'),
                ),
              ]),
            ),
        ),
      );
    return eb.and(conditions);
  };
  return page(
    args,
    sql`h.id`,
    (walk, limit) => households(em).where(where).where(walk.where).orderBy(walk.orderBy).limit(limit).execute(),
    async () => (await registryDb(em).selectFrom('reg_household as h').select(COUNT).where(where).executeTakeFirst())?.n ?? 0,
  );
}

const COUNT = sql<number>`count(*)::int`.as('n');

/** A keyset page by `id`: `rows` fetches the page given the cursor's condition, `count` counts every match. */
async function page<T extends { id: number }>(
  args: PageArgs,
  id: RawBuilder<unknown>,
  rows: (walk: { where: Expression<SqlBool>; orderBy: RawBuilder<unknown> }, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<Connection<T>> {
  const page = pageOf(args);
  const walk = keyset(id, id, OrderDirection.ASC, page, { sort: 'int' });
  const found = await rows({ where: sql<SqlBool>`${and(walk.where)}`, orderBy: walk.orderBy }, page.limit);
  return connectionOf(found, page, (row) => [row.id, row.id], count);
}

export async function individualsByIds(em: EntityManager, ids: readonly number[]): Promise<Individual[]> {
  return individuals(em).where('i.id', '=', anyOf(ids, 'int')).execute();
}

export async function householdsByIds(em: EntityManager, ids: readonly number[]): Promise<Household[]> {
  return households(em).where('h.id', '=', anyOf(ids, 'int')).execute();
}
