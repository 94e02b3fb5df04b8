import { Decimal } from 'decimal.js';
import { sql, type ExpressionBuilder } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { anyOf, registryDb, type RegistryDB } from './db.js';
import type { AdminArea } from './types/area.type.js';
import type { DisclosurePolicy } from './disclosure/gate.js';
import { checkCycles, protectedReconciliation, type CycleByStatus } from './statistics/reconciliation.js';
import type { PaymentReconciliation, Programme } from './types/programme.type.js';

export async function findProgrammes(em: EntityManager, codes: readonly string[] | null): Promise<Programme[]> {
  return registryDb(em)
    .selectFrom('reg_programme')
    .select((eb) => [
      'code',
      'name',
      'source',
      'targeting',
      'transfer_type as transferType',
      'currency',
      eb.cast<string | null>('ceiling_per_beneficiary', 'text').as('ceilingPerBeneficiary'),
      'country',
    ])
    .$if(Boolean(codes), (query) => query.where('code', '=', anyOf(codes ?? [], 'text')))
    .orderBy('code')
    .execute();
}

export async function findAreas(
  em: EntityManager,
  filter: { level: number | null; parent: string | null; codes: readonly string[] | null },
): Promise<AdminArea[]> {
  const { level, parent, codes } = filter;
  return registryDb(em)
    .selectFrom('reg_area')
    .select(['code', 'name', 'level', 'parent'])
    .$if(level != null, (query) => query.where('level', '=', level ?? 0))
    .$if(parent != null, (query) => query.where('parent', '=', parent ?? ''))
    .$if(codes != null, (query) => query.where('code', '=', anyOf(codes ?? [], 'text')))
    .orderBy('level')
    .orderBy('code')
    .execute();
}

/**
 * Paid against due, per programme and payroll cycle: national figures per programme (no area or
 * person breakdown), through the disclosure gate like every aggregate: exact for a registry
 * officer, the PAYMENTS statistic's perturbed cells for everyone else.
 */
export async function paymentReconciliation(
  em: EntityManager,
  filter: { programmes: readonly string[] | null; fromCycle: string | null; toCycle: string | null },
  policy: DisclosurePolicy,
  deadlineMs: number,
): Promise<PaymentReconciliation[]> {
  checkCycles(filter);
  const rows = policy.exact
    ? await exactReconciliation(em, filter)
    : (await protectedReconciliation(em, filter, policy.k, deadlineMs)).map(reconciled);
  return rows.map((row) => ({
    ...row,
    paidShare: new Decimal(row.dueAmount).isZero() ? null : new Decimal(row.paidAmount).div(row.dueAmount).times(100).toFixed(2),
  }));
}

type Reconciled = Omit<PaymentReconciliation, 'paidShare'>;

const MEASURES: readonly [name: 'due' | 'paid' | 'reconciled' | 'failed' | 'pending', statuses: readonly string[] | null][] = [
  ['due', null],
  ['paid', ['paid', 'reconciled']],
  ['reconciled', ['reconciled']],
  ['failed', ['failed']],
  ['pending', ['pending']],
];

function reconciled(cycle: CycleByStatus): Reconciled {
  const row: Record<string, string | number> = { programme: cycle.programme, cycle: cycle.cycle, currency: cycle.currency };
  for (const [name, statuses] of MEASURES) {
    const parts = [...cycle.byStatus.entries()]
      .filter(([status]) => statuses === null || statuses.includes(status))
      .map(([, part]) => part);
    row[`${name}Count`] = parts.reduce((sum, part) => sum + part.count, 0);
    const places = Math.max(0, ...[...cycle.byStatus.values()].map((part) => new Decimal(part.amount).decimalPlaces()));
    row[`${name}Amount`] = parts.reduce((sum, part) => sum.plus(part.amount), new Decimal(0)).toFixed(places);
  }
  return row as unknown as Reconciled;
}

async function exactReconciliation(
  em: EntityManager,
  filter: { programmes: readonly string[] | null; fromCycle: string | null; toCycle: string | null },
): Promise<Reconciled[]> {
  const { programmes, fromCycle, toCycle } = filter;
  /** The payments' count and amount, of every status (`null`) or of `statuses`. */
  const measure = (eb: ExpressionBuilder<RegistryDB, 'reg_payment'>, name: string, statuses: readonly string[] | null) => {
    const count = eb.fn.countAll();
    const amount = eb.fn.sum('amount');
    const which = statuses ? anyOf(statuses, 'text') : null;
    return [
      eb.cast<number>(which ? count.filterWhere('status', '=', which) : count, 'integer').as(`${name}Count`),
      eb.cast<string>(eb.fn.coalesce(which ? amount.filterWhere('status', '=', which) : amount, sql.lit(0)), 'text').as(`${name}Amount`),
    ];
  };
  const rows = await registryDb(em)
    .selectFrom('reg_payment')
    .select((eb) => [
      'programme_code as programme',
      'cycle',
      'currency',
      ...MEASURES.flatMap(([name, statuses]) => measure(eb, name, statuses)),
    ])
    .$if(Boolean(programmes), (query) => query.where('programme_code', '=', anyOf(programmes ?? [], 'text')))
    .$if(Boolean(fromCycle), (query) => query.where('cycle', '>=', fromCycle ?? ''))
    .$if(Boolean(toCycle), (query) => query.where('cycle', '<=', toCycle ?? ''))
    .groupBy(['programme_code', 'cycle', 'currency'])
    .orderBy('programme_code')
    .orderBy('cycle')
    .orderBy('currency')
    .execute();
  // The measures' names are built from MEASURES: the compiler sees their columns as one union.
  return rows as unknown as Reconciled[];
}
