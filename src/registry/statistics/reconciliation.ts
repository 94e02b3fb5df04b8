import { PAYMENT_STATUSES } from '../../../connectors/registry/columns.js';
import type { EntityManager } from '../../db/orm.js';
import { registryDb } from '../db.js';
import { badInput } from '../../graphql/errors.js';
import { publishWithDeadline } from '../disclosure/deadline.js';
import { areaLevels } from './areas.js';
import { PeriodGrain, RegistryDimension as D, RegistryMeasure as M } from './dimensions.js';
import { endOfMonth, periodsBetween } from './periods.js';
import { finestCells } from './protected.js';

/** Counts and sums of one programme's payments in one cycle and currency, by payment status. */
export interface CycleByStatus {
  readonly programme: string;
  readonly cycle: string;
  readonly currency: string;
  readonly byStatus: ReadonlyMap<string, { count: number; amount: string }>;
}

const CYCLE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** fromCycle and toCycle, when given, are payroll cycles (YYYY-MM). */
export function checkCycles(filter: { fromCycle: string | null; toCycle: string | null }): void {
  for (const [name, cycle] of [
    ['fromCycle', filter.fromCycle],
    ['toCycle', filter.toCycle],
  ] as const)
    if (cycle != null && !CYCLE.test(cycle)) throw badInput(`${name} must be a payroll cycle YYYY-MM, not ${cycle}`, name);
}

/**
 * Payment reconciliation for anyone but a registry officer: the PAYMENTS statistic's own perturbed
 * district cells (by month, every status), added up per programme, cycle and currency. So it
 * agrees with registryStatistics to the kwacha, and neither can be subtracted from the other.
 */
export async function protectedReconciliation(
  em: EntityManager,
  filter: { programmes: readonly string[] | null; fromCycle: string | null; toCycle: string | null },
  k: number,
  deadlineMs: number,
): Promise<CycleByStatus[]> {
  for (const [name, cycle] of [
    ['fromCycle', filter.fromCycle],
    ['toCycle', filter.toCycle],
  ] as const)
    if (cycle != null && !CYCLE.test(cycle)) throw badInput(`${name} must be a payroll cycle YYYY-MM, not ${cycle}`, name);
  const held = await registryDb(em)
    .selectFrom('reg_payment')
    .select((eb) => [eb.fn.min<string | null>('cycle').as('first'), eb.fn.max<string | null>('cycle').as('last')])
    .executeTakeFirst();
  const first = filter.fromCycle ?? held?.first;
  const last = filter.toCycle ?? held?.last;
  if (!first || !last || first > last) return [];
  const months = periodsBetween(`${first}-01`, endOfMonth(`${last}-01`), PeriodGrain.MONTH, null);
  const grouped = await finestCells(em, {
    measure: M.PAYMENTS,
    windows: months,
    areaLevel: 1,
    atomicLevel: (await areaLevels(em)).district,
    programmes: filter.programmes,
    area: null,
    statuses: PAYMENT_STATUSES,
  });
  const { cells } = await publishWithDeadline(
    { ...grouped, k, dimensions: [D.PROGRAMME, D.PERIOD, D.CURRENCY, D.STATUS], totals: [] },
    deadlineMs,
  );
  const cycles = new Map<string, CycleByStatus & { byStatus: Map<string, { count: number; amount: string }> }>();
  for (const cell of cells) {
    const [programme, cycle, currency, status] = [D.PROGRAMME, D.PERIOD, D.CURRENCY, D.STATUS].map((d) => cell.dims[d] ?? '') as [
      string,
      string,
      string,
      string,
    ];
    const key = `${programme}|${cycle}|${currency}`;
    const entry = cycles.get(key) ?? { programme, cycle, currency, byStatus: new Map() };
    entry.byStatus.set(status, { count: cell.count, amount: cell.amount ?? '0' });
    cycles.set(key, entry);
  }
  return [...cycles.values()];
}
