import type { CsvTable } from '../formats/csv-table.js';
import { tableRows, usable } from './dmfas-cells.js';
import { AMORTISATIONS, DMFAS_SOURCE, INTEREST_TYPES, LOAN_TERM_COLUMNS, LOANS } from './dmfas-layout.js';
import type { ProblemList } from './problems.js';
import { CREDITOR_CATEGORIES, INSTRUMENTS, LOAN_STATUSES, type LoanFlowRecord, type LoanRecord } from './types.js';
import { isIsoCountry } from './values.js';

/**
 * `loans.csv` → one draft per loan instrument, keyed by `instrument_id`. The balances
 * (disbursed, repaid, outstanding…) and the flows are filled in from the other tables.
 */
export type LoanDraft = Omit<LoanRecord, 'flows'> & { readonly flows: LoanFlowRecord[] };

/** Columns read into the record's own fields (the rest of the table goes to `terms`). */
const OWN_COLUMNS = new Set([
  'instrument_id',
  'creditor',
  'creditor_category',
  'debtor',
  'debtor_country',
  'guarantor',
  'instrument_type',
  'project_id',
  'project_name',
  'signature_date',
  'effective_date',
  'closing_date',
  'currency',
  'committed_amount',
  'cancelled_amount',
  'interest_type',
  'interest_rate',
  'maturity_date',
  'status',
  'position_date',
  ...Object.keys(LOAN_TERM_COLUMNS),
]);

/** The loans by instrument id; null when `loans.csv` is missing or its header unusable (already reported). */
export function readDmfasLoans(table: CsvTable | null, problems: ProblemList): Map<string, LoanDraft> | null {
  if (!usable(table, LOANS)) {
    for (const _ of tableRows(table, LOANS, problems));
    return null;
  }
  const loans = new Map<string, LoanDraft>();
  const lines = new Map<string, number>();
  for (const c of tableRows(table, LOANS, problems)) {
    const id = c.text('instrument_id');
    const first = id === null ? undefined : lines.get(id);
    if (first !== undefined)
      c.fail('instrument_id', `instrument ${id ?? ''} is already on row ${first}; an instrument id is unique in the export`);
    else if (id !== null) lines.set(id, c.line);
    const country = c.text('debtor_country');
    if (country !== null && !isIsoCountry(country))
      c.fail('debtor_country', `${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 country code`);
    const terms: Record<string, string> = {};
    for (const [column, term] of Object.entries(LOAN_TERM_COLUMNS)) {
      const value =
        column === 'amortisation'
          ? c.word(column, AMORTISATIONS, 'amortisation type')
          : termValue(column, c.text(column), c.amount.bind(c));
      if (value !== null) terms[term] = value;
    }
    for (const [column, value] of c.others(OWN_COLUMNS)) terms[column] = value;
    const draft: LoanDraft = {
      kind: 'loan',
      file: c.file,
      row: c.line,
      loanNumber: id ?? '',
      source: DMFAS_SOURCE,
      creditor: c.text('creditor') ?? '',
      creditorCategory: c.word('creditor_category', CREDITOR_CATEGORIES, 'creditor category'),
      instrument: c.word('instrument_type', INSTRUMENTS, 'instrument type') ?? 'other',
      country: country ?? '',
      borrower: c.text('debtor'),
      guarantor: c.text('guarantor'),
      projectId: c.text('project_id'),
      projectName: c.text('project_name'),
      statusText: c.text('status'),
      status: c.word('status', LOAN_STATUSES, 'loan status') ?? 'other',
      currency: c.currency('currency') ?? '',
      committed: c.amount('committed_amount'),
      disbursed: null,
      undisbursed: null,
      cancelled: c.amount('cancelled_amount'),
      repaid: null,
      outstanding: null,
      interestRate: c.amount('interest_rate'),
      interestType: c.word('interest_type', INTEREST_TYPES, 'interest type'),
      signingDate: c.date('signature_date'),
      approvalDate: null,
      effectiveDate: c.date('effective_date'),
      closingDate: c.date('closing_date'),
      firstRepaymentDate: null,
      lastRepaymentDate: c.date('maturity_date'),
      asOf: c.date('position_date'),
      terms,
      flows: [],
    };
    // Kept even with bad cells, so its tranches and flows are not reported as orphans too.
    if (id !== null && first === undefined) loans.set(id, draft);
  }
  return loans;
}

/** Numeric terms are checked as amounts; the agreement number and reference rate are text. */
function termValue(column: string, text: string | null, amount: (column: string) => string | null): string | null {
  if (text === null) return null;
  return column === 'margin' || column === 'grace_period_months' || column === 'repayments_per_year' ? amount(column) : text;
}
