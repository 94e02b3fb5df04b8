import { isConstant, mapColumns, type Coded, type LoanColumnMap, type TermColumn } from './column-map.js';
import type { CsvRow, CsvTable } from '../formats/csv-table.js';
import type { ProblemList } from './problems.js';
import type { LoanRecord } from './types.js';
import { compileDateFormat } from '../formats/dates.js';
import { readAmount } from '../formats/numbers.js';
import { isIsoCountry, isIsoCurrency } from './values.js';

/**
 * Reads the rows of a loan-level CSV table through a column map. Pure: the table and the map
 * in, loan records out; every problem (with row and column) goes to `problems`, and a row with
 * any problem yields no record. The caller throws when there is any problem at all.
 */
export function readLoanRows(table: CsvTable, map: LoanColumnMap, problems: ProblemList): LoanRecord[] {
  const index = new Map(table.header.map((name, i) => [name, i] as const));
  let missing = false;
  for (const [column, field] of mapColumns(map)) {
    if (index.has(column)) continue;
    missing = true;
    problems.add(table.file, 1, column, `column not found in the header; the map "${map.name}" reads ${field} from it`);
  }
  if (missing) return [];

  const readDate = compileDateFormat(map.dateFormat);
  const seen = new Map<string, number>();
  const records: LoanRecord[] = [];
  for (const row of table.rows) {
    const before = problems.total;
    const r = new RowReader(table.file, row, index, problems);
    const date = (column: string | undefined): string | null => {
      const text = r.text(column);
      if (text === null) return null;
      return readDate(text) ?? r.fail(column, `${JSON.stringify(text)} is not a date in the format ${map.dateFormat}`);
    };
    const amount = (column: string | undefined): string | null => {
      const text = r.text(column);
      if (text === null) return null;
      return readAmount(text, map.numbers) ?? r.fail(column, `${JSON.stringify(text)} is not an amount ${describeNumbers(map)}`);
    };
    const loanNumber = r.required(map.loanNumber);
    if (loanNumber !== null) {
      const first = seen.get(loanNumber);
      if (first !== undefined)
        r.fail(map.loanNumber, `loan number ${loanNumber} is already on row ${first}; a loan number is unique in a file`);
      else seen.set(loanNumber, row.line);
    }
    const statusText = isConstant(map.status) ? null : r.text(map.status.column);
    const terms: Record<string, string> = {};
    for (const [name, term] of Object.entries(map.terms ?? {})) {
      const column = typeof term === 'string' ? term : term.column;
      const value = readTerm(term, column, r, date, amount);
      if (value !== null) terms[name] = value;
    }
    const country = readCountry(map, r, terms);
    const record: LoanRecord = {
      kind: 'loan',
      file: table.file,
      row: row.line,
      loanNumber: loanNumber ?? '',
      source: map.source,
      creditor: isConstant(map.creditor) ? map.creditor.value : (r.required(map.creditor) ?? ''),
      creditorCategory: map.creditorCategory ? r.coded(map.creditorCategory, 'creditor category') : null,
      instrument: r.coded(map.instrument, 'instrument') ?? 'other',
      country: country ?? '',
      borrower: r.text(map.borrower),
      guarantor: r.text(map.guarantor),
      projectId: r.text(map.projectId),
      projectName: r.text(map.projectName),
      statusText,
      status: r.coded(map.status, 'status') ?? 'other',
      currency: readCurrency(map, r) ?? '',
      committed: amount(map.amounts?.committed),
      disbursed: amount(map.amounts?.disbursed),
      undisbursed: amount(map.amounts?.undisbursed),
      cancelled: amount(map.amounts?.cancelled),
      repaid: amount(map.amounts?.repaid),
      outstanding: amount(map.amounts?.outstanding),
      interestRate: amount(map.interestRate),
      interestType: map.interestType ? r.coded(map.interestType, 'interest type') : null,
      signingDate: date(map.dates?.signing),
      approvalDate: date(map.dates?.approval),
      effectiveDate: date(map.dates?.effective),
      closingDate: date(map.dates?.closing),
      firstRepaymentDate: date(map.dates?.firstRepayment),
      lastRepaymentDate: date(map.dates?.lastRepayment),
      asOf: date(map.dates?.asOf),
      terms,
      flows: [],
    };
    if (problems.total === before) records.push(record);
  }
  return records;
}

class RowReader {
  constructor(
    private readonly file: string,
    private readonly row: CsvRow,
    private readonly index: ReadonlyMap<string, number>,
    private readonly problems: ProblemList,
  ) {}

  fail(column: string | undefined, message: string): null {
    this.problems.add(this.file, this.row.line, column ?? null, message);
    return null;
  }

  /** The trimmed cell, or null when the map does not read the fact or the cell is empty. */
  text(column: string | undefined): string | null {
    if (column === undefined) return null;
    const i = this.index.get(column);
    const value = i === undefined ? undefined : this.row.cells[i]?.trim();
    return value ? value : null;
  }

  required(column: string): string | null {
    return this.text(column) ?? this.fail(column, 'empty; every row needs it');
  }

  coded<T extends string>(coded: Coded<T>, what: string): T | null {
    if (isConstant(coded)) return coded.value;
    const word = this.text(coded.column) ?? '';
    const value = Object.hasOwn(coded.values, word) ? coded.values[word] : coded.otherwise;
    if (value !== undefined) return value;
    const known = Object.keys(coded.values).map((w) => JSON.stringify(w));
    return this.fail(coded.column, `${JSON.stringify(word)} is not a ${what} the map knows (known: ${known.join(', ')})`);
  }
}

function readCountry(map: LoanColumnMap, r: RowReader, terms: Record<string, string>): string | null {
  const rule = map.country;
  if (rule.value !== undefined) return rule.value;
  const code = r.required(rule.column ?? '');
  if (code === null) return null;
  if (rule.accept && Object.hasOwn(rule.accept, code)) return code;
  const alias = rule.aliases && Object.hasOwn(rule.aliases, code) ? rule.aliases[code] : undefined;
  if (alias !== undefined) {
    terms.countryCodeInSource = code;
    return alias;
  }
  if (isIsoCountry(code)) return code;
  return r.fail(
    rule.column,
    `${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code (nor one the map lists in country.aliases or country.accept)`,
  );
}

function readCurrency(map: LoanColumnMap, r: RowReader): string | null {
  const rule = map.currency;
  if (isConstant(rule)) return rule.value;
  const code = r.text(rule.column);
  if (code === null)
    return rule.whenEmpty ?? r.fail(rule.column, 'empty, and the map gives no currency for an empty cell (currency.whenEmpty)');
  return isIsoCurrency(code) ? code : r.fail(rule.column, `${JSON.stringify(code)} is not an ISO 4217 currency code`);
}

function readTerm(
  term: TermColumn,
  column: string,
  r: RowReader,
  date: (column: string) => string | null,
  amount: (column: string) => string | null,
): string | null {
  const type = typeof term === 'string' ? 'text' : term.type;
  if (type === 'date') return date(column);
  if (type === 'amount') return amount(column);
  return r.text(column);
}

function describeNumbers(map: LoanColumnMap): string {
  const decimal = map.numbers?.decimal ?? '.';
  const thousands = map.numbers?.thousands;
  return `(digits, "${decimal}" for decimals${thousands ? `, "${thousands}" between thousands` : ''}, "-" for a negative)`;
}
