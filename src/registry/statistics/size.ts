import { GraphQLError } from 'graphql';
import { CHANGE_KINDS, PRIORITIES, SEXES } from '../../../connectors/registry/columns.js';
import type { EntityManager } from '../../db/orm.js';
import { registryDb, type RegistryDB } from '../db.js';
import { AGE_BANDS, RegistryDimension as D, STATUSES_OF, STOCKS, type RegistryMeasure } from './dimensions.js';

/**
 * A statistic's size, estimated before any of it is computed: the cells the hub groups records
 * into (the product of the grouped dimensions' value counts, per period, but never more than the
 * records can fill: one cell per record, per period for enrolments) × the dimensions. PGlite runs
 * queries in the server's own thread and cannot cancel them, so a statistic too big to answer
 * quickly is refused before it starts, whatever the database.
 */
export interface SizeQuestion {
  readonly measure: RegistryMeasure;
  readonly dimensions: readonly D[];
  readonly periods: number;
  readonly areaLevel: number;
  readonly programmes: readonly string[] | null;
  readonly statuses: readonly string[] | null;
}

/** The table whose rows a measure counts (beneficiaries: people). */
const RECORDS: Record<RegistryMeasure, keyof RegistryDB> = {
  BENEFICIARIES: 'reg_individual',
  HOUSEHOLDS: 'reg_household',
  PAYMENTS: 'reg_payment',
  GRIEVANCES: 'reg_grievance',
  HOUSEHOLD_CHANGES: 'reg_household_change',
};

/** Categories and channels are free text from the registry: counted as this many until known. */
const OPEN_VALUES = 10;

export async function statisticSize(em: EntityManager, question: SizeQuestion): Promise<{ cells: number; size: number }> {
  const known = await registryDb(em)
    .selectNoFrom((eb) => [
      eb.selectFrom('reg_programme').select(eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).as('programmes'),
      eb.selectFrom(RECORDS[question.measure]).select(eb.cast<number>(eb.fn.countAll(), 'integer').as('n')).as('records'),
      eb
        .selectFrom('reg_area')
        .select(eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
        .where('level', '=', question.areaLevel)
        .as('areas'),
      eb
        .selectFrom('reg_programme')
        .select((p) => p.cast<number>(p.fn.count('currency').distinct(), 'integer').as('n'))
        .as('currencies'),
    ])
    .executeTakeFirst();
  const valuesOf: Record<D, number> = {
    PROGRAMME: question.programmes?.length ?? known?.programmes ?? 1,
    AREA: known?.areas ?? 1,
    PERIOD: 1,
    SEX: SEXES.length,
    AGE_BAND: AGE_BANDS.length,
    STATUS: question.statuses?.length ?? STATUSES_OF[question.measure].length,
    CURRENCY: known?.currencies ?? 1,
    CATEGORY: OPEN_VALUES,
    CHANNEL: OPEN_VALUES,
    PRIORITY: PRIORITIES.length,
    KIND: CHANGE_KINDS.length,
  };
  const perPeriod = question.dimensions.filter((d) => d !== D.PERIOD).reduce((product, d) => product * Math.max(1, valuesOf[d]), 1);
  const records = Math.max(1, known?.records ?? 1) * (STOCKS.has(question.measure) ? question.periods : 1);
  const cells = Math.min(perPeriod * question.periods, records);
  return { cells, size: cells * Math.max(1, question.dimensions.length) };
}

/** Refuses a statistic above the configured size (TRIBUTARY_STATISTICS_MAX_SIZE), naming the numbers. */
export async function checkStatisticSize(em: EntityManager, question: SizeQuestion, maxSize: number): Promise<void> {
  const { cells, size } = await statisticSize(em, question);
  if (size <= maxSize) return;
  throw new GraphQLError(
    `this statistic is too big to answer: up to ${cells} cells over ${question.periods} periods × ${Math.max(1, question.dimensions.length)} dimensions = ${size}, above the limit of ${maxSize} (TRIBUTARY_STATISTICS_MAX_SIZE); ask for fewer dimensions, periods or programmes, or a higher area level`,
    { extensions: { code: 'BAD_USER_INPUT', reason: 'LIMIT', field: 'by', size, limit: maxSize } },
  );
}
