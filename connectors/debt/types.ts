/**
 * What the debt connector produces, from a creditor's statement (the IBRD statement of loans) or
 * a debt-management system's export (the DMFAS-style layout documented in
 * `mappings/debt/dmfas-layout.md`). Amounts are exact decimal strings in `currency`.
 */
export const INSTRUMENTS = ['loan', 'credit', 'grant', 'guarantee', 'bond', 'other'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const CREDITOR_CATEGORIES = ['multilateral', 'bilateral', 'commercial', 'other'] as const;
export type CreditorCategory = (typeof CREDITOR_CATEGORIES)[number];

export interface LoanRecord {
  readonly kind: 'loan';
  readonly file: string;
  readonly row: number;
  /** The creditor's or system's loan number, unique within `source` (e.g. "IBRD88550"). */
  readonly loanNumber: string;
  /** Which system the record comes from (e.g. `ibrd-statement`, `dmfas`); with the number, the loan's key. */
  readonly source: string;
  readonly creditor: string;
  readonly creditorCategory: CreditorCategory | null;
  readonly instrument: Instrument;
  /** ISO 3166 alpha-2 of the borrowing country. */
  readonly country: string;
  readonly borrower: string | null;
  readonly guarantor: string | null;
  /** The creditor's project id (World Bank P-codes: `P123456`), the join key to IATI activities. */
  readonly projectId: string | null;
  readonly projectName: string | null;
  /** The creditor's or system's own status words, and tributary's reading of them. */
  readonly statusText: string | null;
  readonly status: LoanStatus;
  readonly currency: string;
  readonly committed: string | null;
  readonly disbursed: string | null;
  readonly undisbursed: string | null;
  readonly cancelled: string | null;
  readonly repaid: string | null;
  readonly outstanding: string | null;
  /** Percent per year, as published (e.g. "4.25"). */
  readonly interestRate: string | null;
  readonly interestType: 'fixed' | 'variable' | null;
  readonly signingDate: string | null;
  readonly approvalDate: string | null;
  readonly effectiveDate: string | null;
  readonly closingDate: string | null;
  readonly firstRepaymentDate: string | null;
  readonly lastRepaymentDate: string | null;
  /** The statement date the balances are as of. */
  readonly asOf: string | null;
  /** Further terms as published (grace period, maturity, margin, loan type…). */
  readonly terms: Readonly<Record<string, string>>;
  readonly flows: readonly LoanFlowRecord[];
}

export const LOAN_STATUSES = [
  'pipeline',
  'signed',
  'effective',
  'disbursing',
  'repaying',
  'fully-disbursed',
  'fully-repaid',
  'cancelled',
  'terminated',
  'other',
] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

export const FLOW_TYPES = ['disbursement', 'principal', 'interest', 'fee', 'cancellation', 'arrears'] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export interface LoanFlowRecord {
  readonly type: FlowType;
  readonly date: string;
  readonly amount: string;
  readonly currency: string;
  /** The flow in another currency where the source gives it (e.g. USD): its own exchange rate. */
  readonly amountUsd: string | null;
  /** Tranche or line reference in the source, if any. */
  readonly reference: string | null;
  /** Scheduled (projected debt service) rather than actual. */
  readonly scheduled: boolean;
}
