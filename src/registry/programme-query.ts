import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { select } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import type { AdminArea } from './types/area.type.js';
import type { DisclosurePolicy } from './disclosure/gate.js';
import { checkCycles, protectedReconciliation, type CycleByStatus } from './statistics/reconciliation.js';
import type { PaymentReconciliation, Programme } from './types/programme.type.js';

const PROGRAMME = sql`code, name, source, targeting, transfer_type as "transferType", currency, ceiling_per_beneficiary::text as "ceilingPerBeneficiary", country`;

export async function findProgrammes(em: EntityManager, codes: readonly string[] | null): Promise<Programme[]> {
  const where = codes ? sql`where code = any(${sql.val([...codes])}::text[])` : sql``;
  return select(em, sql<Programme>`select ${PROGRAMME} from reg_programme ${where} order by code`);
}

export async function findAreas(
  em: EntityManager,
  filter: { level: number | null; parent: string | null; codes: readonly string[] | null },
): Promise<AdminArea[]> {
  const conditions = [sql`true`];
  if (filter.level != null) conditions.push(sql`level = ${filter.level}`);
  if (filter.parent != null) conditions.push(sql`parent = ${filter.parent}`);
  if (filter.codes) conditions.push(sql`code = any(${sql.val([...filter.codes])}::text[])`);
  return select(
    em,
    sql<AdminArea>`select code, name, level, parent from reg_area where ${sql.join(conditions, sql` and `)} order by level, code`,
  );
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
  const conditions = [sql`true`];
  if (filter.programmes) conditions.push(sql`programme_code = any(${sql.val([...filter.programmes])}::text[])`);
  if (filter.fromCycle) conditions.push(sql`cycle >= ${filter.fromCycle}`);
  if (filter.toCycle) conditions.push(sql`cycle <= ${filter.toCycle}`);
  const measure = (name: string, statuses: readonly string[] | null) => {
    const when = statuses ? sql`filter (where status = any(${sql.val([...statuses])}::text[]))` : sql``;
    return sql`(count(*) ${when})::int as ${sql.ref(`${name}Count`)}, coalesce(sum(amount) ${when}, 0)::text as ${sql.ref(`${name}Amount`)}`;
  };
  return select(
    em,
    sql<Reconciled>`select programme_code as programme, cycle, currency, ${sql.join(MEASURES.map(([name, statuses]) => measure(name, statuses)))}
      from reg_payment where ${sql.join(conditions, sql` and `)} group by programme_code, cycle, currency order by programme_code, cycle, currency`,
  );
}
