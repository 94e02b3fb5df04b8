/**
 * The DMFAS-style export layout, as documented in `mappings/debt/dmfas-layout.md`: four CSV
 * tables (UTF-8, comma, a header row, ISO dates, amounts with `.` for decimals) linked by keys.
 * The parser and the demo generator both take the column names from here.
 */
export const DMFAS_SOURCE = 'dmfas';
export const DMFAS_DATE_FORMAT = 'YYYY-MM-DD';

export const DMFAS_TABLES = {
  loans: 'loans.csv',
  tranches: 'tranches.csv',
  disbursements: 'disbursements.csv',
  debtService: 'debt_service.csv',
} as const;
export type DmfasTable = keyof typeof DMFAS_TABLES;

export interface TableLayout {
  /** Columns every export has, in this order when tributary writes one. */
  readonly columns: readonly string[];
  /** Columns that must be in the header. */
  readonly required: readonly string[];
  /** Columns whose cell must not be empty. */
  readonly notEmpty: readonly string[];
}

/** A loan without any of these cannot be stored: they must be in the header and filled in. */
const LOAN_ESSENTIALS = [
  'instrument_id',
  'creditor',
  'creditor_category',
  'debtor_country',
  'instrument_type',
  'currency',
  'committed_amount',
  'status',
];

export const LOANS: TableLayout = {
  columns: [
    'instrument_id',
    'agreement_number',
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
    'reference_rate',
    'margin',
    'grace_period_months',
    'maturity_date',
    'amortisation',
    'repayments_per_year',
    'status',
    'position_date',
  ],
  required: LOAN_ESSENTIALS,
  notEmpty: LOAN_ESSENTIALS,
};

export const TRANCHES: TableLayout = {
  columns: ['tranche_id', 'instrument_id', 'currency', 'amount', 'purpose'],
  required: ['tranche_id', 'instrument_id', 'currency', 'amount'],
  notEmpty: ['tranche_id', 'instrument_id', 'currency', 'amount'],
};

export const DISBURSEMENTS: TableLayout = {
  columns: ['instrument_id', 'tranche_id', 'value_date', 'currency', 'amount', 'amount_usd', 'basis'],
  required: ['instrument_id', 'tranche_id', 'value_date', 'currency', 'amount', 'basis'],
  notEmpty: ['value_date', 'currency', 'amount', 'basis'],
};

export const DEBT_SERVICE: TableLayout = {
  columns: ['instrument_id', 'tranche_id', 'value_date', 'type', 'currency', 'amount', 'amount_usd', 'basis'],
  required: ['instrument_id', 'tranche_id', 'value_date', 'type', 'currency', 'amount', 'basis'],
  notEmpty: ['value_date', 'type', 'currency', 'amount', 'basis'],
};

export const LAYOUTS: Readonly<Record<DmfasTable, TableLayout>> = {
  loans: LOANS,
  tranches: TRANCHES,
  disbursements: DISBURSEMENTS,
  debtService: DEBT_SERVICE,
};

/** `loans.csv` columns read into the record itself; any other column of the table is kept in `terms`. */
export const LOAN_TERM_COLUMNS: Readonly<Record<string, string>> = {
  agreement_number: 'agreementNumber',
  reference_rate: 'referenceRate',
  margin: 'margin',
  grace_period_months: 'gracePeriodMonths',
  amortisation: 'amortisation',
  repayments_per_year: 'repaymentsPerYear',
};

export const INTEREST_TYPES = ['fixed', 'variable'] as const;
export const AMORTISATIONS = ['equal-principal', 'annuity', 'bullet', 'custom'] as const;
export const DISBURSEMENT_BASES = ['actual', 'projected'] as const;
export const DEBT_SERVICE_BASES = ['actual', 'scheduled'] as const;
export const DEBT_SERVICE_TYPES = ['principal', 'interest', 'fee', 'arrears'] as const;
export type DebtServiceType = (typeof DEBT_SERVICE_TYPES)[number];
