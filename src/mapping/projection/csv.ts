import { CsvNumber, writeSpreadsheetCsv, type CsvValue } from '../../../connectors/formats/csv.js';
import type { AmountKind } from '../../aid/projection-facts.js';
import { ALIGNMENT_DIMENSIONS } from '../types.js';
import type { AidProjectionRow, Converted } from './row.js';

/**
 * The view's rows as CSV, one flat line a row: the same rows the graph pages over, streamed in
 * pieces (no whole file in memory). Text cells that start like a formula are neutralised; amounts,
 * rates and shares are written as exact numbers.
 */
type Cell = CsvValue | CsvNumber;
type Column = readonly [string, (row: AidProjectionRow) => Cell];

const number = (value: string | null): Cell => (value === null ? null : new CsvNumber(value));
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const KINDS: readonly AmountKind[] = ['committed', 'disbursed', 'expended', 'forward'];
const CURRENCIES = ['national', 'usd', 'presented'] as const;

function convertedColumns(kind: AmountKind, currency: (typeof CURRENCIES)[number]): Column[] {
  const of = (row: AidProjectionRow): Converted => row.amounts[kind][currency];
  const prefix = `${kind}_${currency}`;
  return [
    [prefix, (r) => number(of(r).amount)],
    [`${prefix}_currency`, (r) => of(r).currency],
    [`${prefix}_on_treasury`, (r) => number(of(r).onTreasury)],
    [`${prefix}_off_treasury`, (r) => number(of(r).offTreasury)],
    [`${prefix}_rate`, (r) => number(of(r).rate)],
    [`${prefix}_rate_date`, (r) => of(r).rateDate],
    [`${prefix}_rate_source`, (r) => of(r).source],
    [`${prefix}_error`, (r) => of(r).error],
  ];
}

export const CSV_COLUMNS: readonly Column[] = [
  ['iati_identifier', (r) => r.iatiIdentifier],
  ['title', (r) => r.title],
  ['fiscal_year', (r) => r.fiscalYearLabel],
  ['quarter', (r) => r.quarter],
  ['segment', (r) => r.segment],
  ['code', (r) => r.code],
  ['code_name', (r) => r.codeName],
  ['share', (r) => number(r.share)],
  ['other_codes', (r) => r.otherCodes.map((c) => `${c.segment}:${c.code}`).join('; ')],
  ['donor_ref', (r) => r.donor.ref],
  ['donor_name', (r) => r.donor.name],
  ['implementer', (r) => r.implementer?.name ?? r.implementer?.ref],
  ['counterpart', (r) => r.counterpart?.name ?? r.counterpart?.ref],
  ['finance_type', (r) => r.financeType],
  ['iati_finance_type', (r) => r.iatiFinanceType],
  ...ALIGNMENT_DIMENSIONS.flatMap((dimension): Column[] => [
    [snake(dimension), (r) => r.alignment[dimension].status],
    [`${snake(dimension)}_share`, (r) => number(r.alignment[dimension].share)],
    [`${snake(dimension)}_reasons`, (r) => r.alignment[dimension].reasons.join('; ')],
  ]),
  ...KINDS.flatMap((kind): Column[] => [
    [kind, (r) => number(r.amounts[kind].transaction.amount)],
    [`${kind}_currency`, (r) => r.amounts[kind].transaction.currency],
    [`${kind}_on_treasury`, (r) => number(r.amounts[kind].transaction.onTreasury)],
    [`${kind}_off_treasury`, (r) => number(r.amounts[kind].transaction.offTreasury)],
    ...CURRENCIES.flatMap((currency) => convertedColumns(kind, currency)),
  ]),
];

/** The CSV text in pieces: the header, then `batch` rows at a time. */
export async function* projectionCsv(rows: AsyncIterable<AidProjectionRow>, batch = 500): AsyncGenerator<string> {
  yield writeSpreadsheetCsv(
    [],
    CSV_COLUMNS.map(([name]) => name),
  );
  let lines: Cell[][] = [];
  for await (const row of rows) {
    lines.push(CSV_COLUMNS.map(([, cell]) => cell(row)));
    if (lines.length === batch) {
      yield writeSpreadsheetCsv(lines);
      lines = [];
    }
  }
  if (lines.length > 0) yield writeSpreadsheetCsv(lines);
}
