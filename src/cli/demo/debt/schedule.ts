import { Decimal } from 'decimal.js';
import type { FlowType } from '../../../../connectors/debt/types.js';
import { isoDay } from '../calendar.js';
import { formatCents, splitByWeight, splitCents, type Random } from '../random.js';
import { toUsd, usdRate } from './rates.js';

/**
 * The transactions of one demo loan: disbursements spread over its disbursement period, then
 * principal in equal semi-annual instalments from the end of grace to maturity, interest on the
 * balance at each instalment date, and a front-end fee where the lender charges one. Dates are
 * months (`year * 12 + month - 1`, as in ../calendar.ts); money is whole cents until printed.
 * Lines up to the position date are actual, later ones projected or scheduled.
 */
export interface DemoFlow {
  readonly trancheId: string | null;
  readonly type: FlowType;
  readonly date: string;
  readonly currency: string;
  readonly amount: string;
  readonly amountUsd: string;
  readonly scheduled: boolean;
}

export interface Span {
  readonly currency: string;
  /** Last day of actual data, `YYYY-MM-DD`. */
  readonly positionDate: string;
}

interface Dated {
  readonly date: string;
  readonly cents: number;
}

export function flow(random: Random, span: Span, type: FlowType, trancheId: string | null, date: string, cents: number): DemoFlow {
  const scheduled = date > span.positionDate;
  const amount = formatCents(cents);
  // Actual lines carry the day's rate (the year's average, wobbling ±2%); future ones the latest.
  const rate = usdRate(span.currency, date, scheduled ? 0 : (random.next() - 0.5) * 0.04);
  return { trancheId, type, date, currency: span.currency, amount, amountUsd: toUsd(amount, rate), scheduled };
}

/** `cents` drawn quarterly from `fromMonth` to `toMonth`, more in the middle years than at the ends. */
export function disbursementDates(random: Random, cents: number, fromMonth: number, toMonth: number): Dated[] {
  const months: number[] = [];
  for (let m = fromMonth; m <= toMonth; m += 3) months.push(m);
  const weights = months.map((_, i) => Math.sin((Math.PI * (i + 0.5)) / months.length) + 0.3);
  const shares = splitByWeight(random, cents, weights, 0.35);
  return months.map((month, i) => ({ date: isoDay({ month, day: random.int(1, 28) }), cents: shares[i] ?? 0 })).filter((d) => d.cents > 0);
}

export interface Repayment {
  /** Month of the first principal instalment and of the last (maturity). */
  readonly firstMonth: number;
  readonly lastMonth: number;
  /** Percent per year, charged on the balance at each semi-annual date. */
  readonly rate: string;
}

/**
 * Principal and interest on the 15th of every sixth month. `disbursed` are the loan's
 * disbursements (all of them, actual and projected); the instalments repay their total.
 */
export function debtService(random: Random, span: Span, disbursed: readonly Dated[], repayment: Repayment, late: boolean): DemoFlow[] {
  const total = disbursed.reduce((sum, d) => sum + d.cents, 0);
  const instalments = Math.floor((repayment.lastMonth - repayment.firstMonth) / 6) + 1;
  const principal = splitCents(random, total, instalments, 0);
  const firstDraw = disbursed.reduce((min, d) => (d.date < min ? d.date : min), '9999-12-31');
  const flows: DemoFlow[] = [];
  let repaid = 0;
  let month = repayment.firstMonth;
  while (isoDay({ month: month - 6, day: 15 }) > firstDraw) month -= 6;
  let lateDone = !late;
  for (; month <= repayment.lastMonth; month += 6) {
    const date = isoDay({ month, day: 15 });
    // Interest on what was drawn by this date and not yet repaid, for the whole half-year: the demo
    // does not prorate a drawing made during the period.
    const balance = disbursed.filter((d) => d.date < date).reduce((sum, d) => sum + d.cents, 0) - repaid;
    const interest = new Decimal(balance).times(repayment.rate).dividedBy(200).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
    if (interest > 0) flows.push(flow(random, span, 'interest', null, date, interest));
    if (month < repayment.firstMonth) continue;
    const due = principal[(month - repayment.firstMonth) / 6] ?? 0;
    repaid += due;
    if (!lateDone && isoDay({ month: month + 2, day: 15 }) <= span.positionDate && month >= repayment.firstMonth + 12) {
      // The third instalment went unpaid on its date and was paid two months later.
      flows.push(flow(random, span, 'arrears', null, date, due));
      flows.push(flow(random, span, 'principal', null, isoDay({ month: month + 2, day: 15 }), due));
      lateDone = true;
      continue;
    }
    flows.push(flow(random, span, 'principal', null, date, due));
  }
  return flows;
}
