import type { BudgetStage } from '../../../../connectors/ifmis/types.js';
import type { Random } from '../random.js';
import type { FiscalYear } from './plan.js';

/**
 * How a budget line moves from proposal to payment. Rates are drawn per line within a range that
 * depends on what the money is for: wages and interest are paid almost in full, goods and services
 * a little less, transfers on schedule, and capital works (most of all donor-financed ones) well
 * below their budget. Budget stages are whole kwacha; commitments and payments carry tambala.
 */
export type ExecutionClass = 'wages' | 'goods' | 'transfers' | 'interest' | 'capital' | 'external';

type Range = readonly [low: number, high: number];

interface Rates {
  readonly revised: Range;
  readonly allotted: Range;
  readonly committed: Range;
  readonly paid: Range;
  /** Allotted by the "as of" month of the current year, as a share of the approved pro rata. */
  readonly partYear: Range;
}

const RATES: Readonly<Record<ExecutionClass, Rates>> = {
  wages: { revised: [0.98, 1.06], allotted: [0.97, 1], committed: [0.97, 1], paid: [0.96, 1], partYear: [0.92, 1] },
  goods: { revised: [0.88, 1.08], allotted: [0.82, 0.97], committed: [0.85, 0.98], paid: [0.85, 0.98], partYear: [0.7, 0.95] },
  transfers: { revised: [0.95, 1.05], allotted: [0.88, 1], committed: [0.95, 1], paid: [0.93, 1], partYear: [0.8, 1] },
  interest: { revised: [0.98, 1.1], allotted: [0.98, 1], committed: [1, 1], paid: [0.99, 1], partYear: [0.95, 1] },
  capital: { revised: [0.75, 1], allotted: [0.55, 0.85], committed: [0.6, 0.9], paid: [0.7, 0.92], partYear: [0.3, 0.8] },
  external: { revised: [0.8, 1.1], allotted: [0.45, 0.8], committed: [0.6, 0.9], paid: [0.65, 0.92], partYear: [0.25, 0.7] },
};

/** Foreign interest rose with the devaluation of November 2023, so 2023/24 was revised up. */
const DEVALUATION: Range = [1.15, 1.35];

export function executionClass(gfs: string, fund: string): ExecutionClass {
  if (fund === '2' || fund === '3') return 'external';
  if (gfs.startsWith('21')) return 'wages';
  if (gfs.startsWith('24')) return 'interest';
  if (gfs.startsWith('3')) return 'capital';
  if (gfs === '22') return 'goods';
  return 'transfers';
}

const draw = (random: Random, [low, high]: Range): number => low + random.next() * (high - low);

export interface StageContext {
  readonly year: FiscalYear;
  /** Months of the year executed so far; 12 for a closed year (whose mid-year revision is known). */
  readonly monthsExecuted: number;
}

/** Amounts in tambala by stage for a line approved at `approved` kwacha. */
export function stageAmounts(
  random: Random,
  approved: number,
  gfs: string,
  fund: string,
  context: StageContext,
): Partial<Record<BudgetStage, number>> {
  const cls = executionClass(gfs, fund);
  const rates = RATES[cls];
  const proposed = Math.round(approved * draw(random, [0.96, 1.04]));
  const kwacha = (n: number): number => n * 100;
  if (context.monthsExecuted < 12) {
    const allotted = Math.floor(approved * (context.monthsExecuted / 12) * draw(random, rates.partYear));
    const committed = Math.floor(kwacha(allotted) * draw(random, rates.committed));
    const paid = Math.floor(committed * draw(random, rates.paid));
    return { proposed: kwacha(proposed), approved: kwacha(approved), allotted: kwacha(allotted), committed, paid };
  }
  const revisedRange = gfs === '241' && context.year === '2023/24' ? DEVALUATION : rates.revised;
  const revised = Math.round(approved * draw(random, revisedRange));
  const allotted = Math.floor(revised * draw(random, rates.allotted));
  const committed = Math.floor(kwacha(allotted) * draw(random, rates.committed));
  const paid = Math.floor(committed * draw(random, rates.paid));
  return { proposed: kwacha(proposed), approved: kwacha(approved), revised: kwacha(revised), allotted: kwacha(allotted), committed, paid };
}
