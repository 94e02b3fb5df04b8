import type { AmountKind } from '../aid/projection-facts.js';
import type { AidProjectionRow, Converted } from '../mapping/projection/row.js';
import { ALIGNMENT_DIMENSIONS, type AlignmentDimension } from '../mapping/types.js';
import { currencyFormat, type ExportColumn } from './columns.js';

/**
 * The columns of the budget export, XLSX and CSV alike: what a budget officer preparing the
 * estimates reads across one row — the activity, its donor and partners, the fiscal year and the
 * chart of accounts code the row's share of money goes to, the finance type, its alignment, and
 * its amounts in the currency of presentation with their on- and off-treasury parts. The amounts
 * in the transaction currency and in national currency follow; which rate priced each converted
 * amount is on the workbook's "Rates used" sheet, and a conversion that failed names its reason.
 */
type Row = AidProjectionRow;

const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];
const KIND_LABELS: Readonly<Record<AmountKind, string>> = {
  committed: 'Committed',
  disbursed: 'Disbursed',
  expended: 'Expended',
  forward: 'Forward (budgets, planned disbursements)',
};
const DIMENSION_LABELS: Readonly<Record<AlignmentDimension, string>> = {
  onPlan: 'On plan',
  onBudget: 'On budget',
  onParliament: 'On parliament',
  onTreasury: 'On treasury',
  onProcurement: 'On procurement',
  onAccounting: 'On accounting',
  onAudit: 'On audit',
  onReport: 'On report',
};

function alignmentText(row: Row, dimension: AlignmentDimension): string {
  const value = row.alignment[dimension];
  return value.status === 'PARTLY' && value.share !== null ? `PARTLY (${value.share} %)` : value.status;
}

/** An amount in the currency of presentation, then its on- and off-treasury parts (on + off = amount). */
function presentedColumns(kind: AmountKind): ExportColumn<Row>[] {
  const of = (row: Row): Converted => row.amounts[kind].presented;
  const format = (row: Row) => currencyFormat(of(row).currency);
  return [
    { header: KIND_LABELS[kind], kind: 'decimal', format, value: (r) => of(r).amount },
    { header: `${KIND_LABELS[kind]}, on treasury`, kind: 'decimal', format, value: (r) => of(r).onTreasury },
    { header: `${KIND_LABELS[kind]}, off treasury`, kind: 'decimal', format, value: (r) => of(r).offTreasury },
  ];
}

/** Every reason a converted amount of the row could not be priced, one per line. */
function conversionProblems(row: Row): string | null {
  const problems = new Set<string>();
  for (const kind of KINDS) {
    for (const which of ['presented', 'national', 'usd'] as const) {
      const error = row.amounts[kind][which].error;
      if (error) problems.add(error);
    }
  }
  return problems.size > 0 ? [...problems].join('\n') : null;
}

export const BUDGET_COLUMNS: readonly ExportColumn<Row>[] = [
  { header: 'IATI identifier', kind: 'text', width: 28, value: (r) => r.iatiIdentifier },
  { header: 'Title', kind: 'text', width: 48, value: (r) => r.title },
  { header: 'Donor', kind: 'text', value: (r) => r.donor.name ?? r.donor.ref },
  { header: 'Donor ref', kind: 'text', width: 14, value: (r) => r.donor.ref },
  { header: 'Implementer', kind: 'text', value: (r) => r.implementer?.name ?? r.implementer?.ref ?? null },
  { header: 'National counterpart', kind: 'text', value: (r) => r.counterpart?.name ?? r.counterpart?.ref ?? null },
  { header: 'Fiscal year', kind: 'text', width: 10, value: (r) => r.fiscalYearLabel },
  { header: 'Quarter', kind: 'integer', width: 8, value: (r) => r.quarter },
  { header: 'Segment', kind: 'text', width: 14, value: (r) => r.segment },
  { header: 'Code', kind: 'text', width: 14, value: (r) => r.code ?? '(unmapped)' },
  { header: 'Code name', kind: 'text', width: 36, value: (r) => r.codeName },
  { header: 'Share (%)', kind: 'percent', value: (r) => r.share },
  { header: 'Other segments', kind: 'text', width: 30, value: (r) => r.otherCodes.map((c) => `${c.segment}:${c.code}`).join('; ') || null },
  { header: 'Finance type', kind: 'text', width: 12, value: (r) => r.financeType },
  { header: 'IATI finance type', kind: 'text', width: 10, value: (r) => r.iatiFinanceType },
  ...ALIGNMENT_DIMENSIONS.map((dimension): ExportColumn<Row> => ({
    header: DIMENSION_LABELS[dimension],
    kind: 'text',
    width: 14,
    value: (r) => alignmentText(r, dimension),
  })),
  { header: 'On-budget reasons', kind: 'text', width: 36, value: (r) => r.alignment.onBudget.reasons.join('; ') || null },
  { header: 'On-treasury reasons', kind: 'text', width: 36, value: (r) => r.alignment.onTreasury.reasons.join('; ') || null },
  { header: 'Currency of presentation', kind: 'text', width: 10, value: (r) => r.amounts.committed.presented.currency },
  ...KINDS.flatMap(presentedColumns),
  ...KINDS.flatMap((kind): ExportColumn<Row>[] => [
    {
      header: `${KIND_LABELS[kind]}, transaction currency`,
      kind: 'decimal',
      format: (r) => currencyFormat(r.amounts[kind].transaction.currency),
      value: (r) => r.amounts[kind].transaction.amount,
    },
  ]),
  { header: 'Transaction currency', kind: 'text', width: 10, value: (r) => r.amounts.committed.transaction.currency },
  ...KINDS.map((kind): ExportColumn<Row> => ({
    header: `${KIND_LABELS[kind]}, national currency`,
    kind: 'decimal',
    format: (r) => currencyFormat(r.amounts[kind].national.currency),
    value: (r) => r.amounts[kind].national.amount,
  })),
  { header: 'Conversion problems', kind: 'text', width: 40, value: conversionProblems },
];
