import type { EntityManager } from '../../db/orm.js';
import { badInput } from '../../graphql/errors.js';
import type { DisclosurePolicy } from '../disclosure/gate.js';
import { DIMENSIONS_OF, RegistryDimension as D } from './dimensions.js';
import { registryStatistics, type Statistics, type StatisticsLimits, type StatisticsRequest } from './table.js';

export type ProgrammeStatisticsRequest = Omit<StatisticsRequest, 'programmes' | 'country'>;

/**
 * A statistic for each programme of a batch (a programme's `statistics` field, nested under any
 * list of programmes), as one registryStatistics over them all broken down by PROGRAMME and split
 * afterwards. It goes through the same disclosure gate as the top-level query with PROGRAMME in
 * `by`: the same perturbed finest cells, added up the same way, so each programme's cells and
 * totals are exactly the top-level query's for that programme, and nothing can be subtracted
 * across the two paths that one path alone would not give.
 */
export async function statisticsByProgramme(
  em: EntityManager,
  codes: readonly string[],
  request: ProgrammeStatisticsRequest,
  policy: DisclosurePolicy,
  limits: StatisticsLimits,
  today: string,
): Promise<Statistics[]> {
  if (!DIMENSIONS_OF[request.measure].includes(D.PROGRAMME))
    throw badInput(`${request.measure} is not counted by programme: ask registryStatistics`, 'measure');
  const by = request.by.includes(D.PROGRAMME) ? request.by : [D.PROGRAMME, ...request.by];
  const totals = request.totals.map((over) => (over.includes(D.PROGRAMME) ? over : [D.PROGRAMME, ...over]));
  const all = await registryStatistics(em, { ...request, by, totals, programmes: codes, country: null }, policy, limits, today);
  return codes.map((code) => ({
    ...all,
    cells: all.cells.filter((cell) => cell.values.PROGRAMME === code),
    totals: all.totals.filter((cell) => cell.values.PROGRAMME === code),
  }));
}
