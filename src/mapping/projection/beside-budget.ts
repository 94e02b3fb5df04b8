import { Decimal } from 'decimal.js';
import type { AmountKind } from '../../aid/projection-facts.js';
import type { EntityManager } from '../../db/orm.js';
import { TributaryError } from '../../errors.js';
import { budgetTotals } from '../../finance/budget-query.js';
import { coaAncestry } from '../../finance/coa-lookup.js';
import type { AidProjectionRow } from './row.js';
import { projectionRows } from './rows.js';
import { checkProjection, labelOf, type ProjectionRequest } from './setup.js';
import { onOffParts } from './split.js';

/** Aid to one code (rolled up to a level) in one fiscal year, by on-budget status, in the currency of presentation. */
export interface BudgetSplit {
  readonly total: string;
  readonly onBudget: string;
  readonly offBudget: string;
  readonly unknown: string;
}

export interface AidBesideBudget {
  readonly fiscalYear: string;
  /** Null: the aid no rule places in the segment. */
  readonly code: string | null;
  readonly name: string | null;
  readonly currency: string;
  readonly aid: Readonly<Record<AmountKind, BudgetSplit>>;
  /** Rows of the view whose amounts no rate converts (left out of `aid`). */
  readonly unconverted: number;
  /** Finance's budget for the code and year (its own currency), null where it has none. */
  readonly budget: {
    readonly currency: string;
    readonly approved: string | null;
    readonly revised: string | null;
    readonly paid: string | null;
  } | null;
}

const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];

interface Sums {
  total: Decimal;
  on: Decimal;
  off: Decimal;
  unknown: Decimal;
}

/** Aid rows added up by on-budget status for every amount kind, and how many no rate converts. */
export class AidSums {
  unconverted = 0;
  private readonly sums: Record<AmountKind, Sums> = {
    committed: zero(),
    disbursed: zero(),
    expended: zero(),
    forward: zero(),
  };

  add(row: AidProjectionRow): void {
    if (KINDS.some((kind) => row.amounts[kind].presented.amount === null)) this.unconverted += 1;
    for (const kind of KINDS) add(this.sums[kind], row, kind);
  }

  splits(): Record<AmountKind, BudgetSplit> {
    return Object.fromEntries(
      KINDS.map((kind) => {
        const s = this.sums[kind];
        return [kind, { total: s.total.toFixed(2), onBudget: s.on.toFixed(2), offBudget: s.off.toFixed(2), unknown: s.unknown.toFixed(2) }];
      }),
    ) as Record<AmountKind, BudgetSplit>;
  }
}

const zero = (): Sums => ({ total: new Decimal(0), on: new Decimal(0), off: new Decimal(0), unknown: new Decimal(0) });

/** The code each code rolls up to at `level` (its ancestor there, or itself when it is above that level), with its name. */
export async function rollUp(em: EntityManager, country: string, segment: string, level: number | null) {
  const ancestry = await coaAncestry(em, country, segment).execute();
  const names = new Map(ancestry.filter((a) => a.ancestor === a.code).map((a) => [a.code, a.name]));
  const to = new Map<string, { code: string; level: number }>();
  for (const a of ancestry) {
    if (level !== null && a.level > level) continue;
    const held = to.get(a.code);
    if (level === null ? a.ancestor === a.code : !held || a.level > held.level) to.set(a.code, { code: a.ancestor, level: a.level });
  }
  return { names, of: (code: string | null) => (code === null ? null : (to.get(code)?.code ?? code)) };
}

function add(sums: Sums, row: AidProjectionRow, kind: AmountKind): void {
  const amount = row.amounts[kind].presented.amount;
  if (amount === null) return;
  sums.total = sums.total.plus(amount);
  const { status, share } = row.alignment.onBudget;
  if (status === 'YES') sums.on = sums.on.plus(amount);
  else if (status === 'NO') sums.off = sums.off.plus(amount);
  else if (status === 'PARTLY' && share !== null) {
    const { on, off } = onOffParts(amount, share);
    sums.on = sums.on.plus(on);
    sums.off = sums.off.plus(off);
  } else sums.unknown = sums.unknown.plus(amount);
}

/**
 * Aid per code of a segment at any level (a vote and its programmes), on, off and unknown to the
 * budget, beside finance's budget for the same code and year: the view's rows rolled up, and
 * finance's totals through its exported function.
 */
export async function aidBesideBudget(
  em: EntityManager,
  request: ProjectionRequest & { level?: number | null },
): Promise<AidBesideBudget[]> {
  const level = request.level ?? null;
  if (level !== null && (!Number.isInteger(level) || level < 1 || level > 9))
    throw new TributaryError('BAD_USER_INPUT', `level: ${level} is not a level of a segment (1 = top)`, { field: 'level' });
  const projection = await checkProjection(em, request);
  const { country, segment, currency } = projection.filter;
  const { names, of } = await rollUp(em, country, segment, level);
  const groups = new Map<string, { fiscalYear: string; code: string | null; sums: AidSums }>();
  const groupOf = (fiscalYear: string, code: string | null) => {
    const key = JSON.stringify([fiscalYear, code]);
    let group = groups.get(key);
    if (!group) {
      group = { fiscalYear, code, sums: new AidSums() };
      groups.set(key, group);
    }
    return group;
  };
  for await (const row of projectionRows(em, projection)) groupOf(row.fiscalYearLabel, of(row.code)).sums.add(row);
  const years = projection.filter.fiscalYears.map((year) => labelOf(projection.calendar, year));
  const budgets = new Map<string, AidBesideBudget['budget']>();
  for (const total of await budgetTotals(em, country, years, [{ segment, level }], null)) {
    const code = total.group[0]?.code.code ?? null;
    groupOf(total.fiscalYear, code);
    const { approved, revised, paid } = total.amounts as unknown as Record<string, string | null>;
    budgets.set(JSON.stringify([total.fiscalYear, code]), {
      currency: total.currency,
      approved: approved ?? null,
      revised: revised ?? null,
      paid: paid ?? null,
    });
  }
  const sorted = [...groups.entries()].sort(
    ([, a], [, b]) => a.fiscalYear.localeCompare(b.fiscalYear) || (a.code ?? '\uffff').localeCompare(b.code ?? '\uffff'),
  );
  return sorted.map(([key, group]) => ({
    fiscalYear: group.fiscalYear,
    code: group.code,
    name: group.code === null ? null : (names.get(group.code) ?? null),
    currency,
    unconverted: group.sums.unconverted,
    aid: group.sums.splits(),
    budget: budgets.get(key) ?? null,
  }));
}
