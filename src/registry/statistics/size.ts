import { GraphQLError } from 'graphql';
import { sql } from 'kysely';
import { CHANGE_KINDS, PRIORITIES, SEXES } from '../../../connectors/registry/columns.js';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import { AGE_BANDS, RegistryDimension as D, STATUSES_OF, type RegistryMeasure } from './dimensions.js';

/**
 * A statistic's size, estimated before any of it is computed: the cells it can have (the product
 * of its dimensions' value counts) × its periods × its dimensions. PGlite runs queries in the
 * server's own thread and cannot cancel them, so a statistic too big to answer quickly is refused
 * before it starts, whatever the database.
 */
export interface SizeQuestion {
  readonly measure: RegistryMeasure;
  readonly dimensions: readonly D[];
  readonly periods: number;
  readonly areaLevel: number;
  readonly programmes: readonly string[] | null;
  readonly statuses: readonly string[] | null;
}

/** Categories and channels are free text from the registry: counted as this many until known. */
const OPEN_VALUES = 10;

export async function statisticSize(em: EntityManager, question: SizeQuestion): Promise<{ cells: number; size: number }> {
  const [known] = await select(
    em,
    sql<{ programmes: number; areas: number; currencies: number }>`select
      (select count(*) from reg_programme)::int as programmes,
      (select count(*) from reg_area where level = ${question.areaLevel})::int as areas,
      (select count(distinct currency) from reg_programme)::int as currencies`,
  );
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
  const cells = question.dimensions.reduce((product, d) => product * Math.max(1, valuesOf[d]), 1);
  return { cells, size: cells * question.periods * Math.max(1, question.dimensions.length) };
}

/** Refuses a statistic above the configured size (TRIBUTARY_STATISTICS_MAX_SIZE), naming the numbers. */
export async function checkStatisticSize(em: EntityManager, question: SizeQuestion, maxSize: number): Promise<void> {
  const { cells, size } = await statisticSize(em, question);
  if (size <= maxSize) return;
  throw new GraphQLError(
    `this statistic is too big to answer: up to ${cells} cells × ${question.periods} periods × ${Math.max(1, question.dimensions.length)} dimensions = ${size}, above the limit of ${maxSize} (TRIBUTARY_STATISTICS_MAX_SIZE); ask for fewer dimensions, periods or programmes, or a higher area level`,
    { extensions: { code: 'BAD_USER_INPUT', reason: 'LIMIT', field: 'by', size, limit: maxSize } },
  );
}
